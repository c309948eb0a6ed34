import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import type { NetNsRef } from '../../core/kernel/types.js';
import { runLab } from '../../core/labs/run-lab.js';
import type { Lab } from '../../labs/lab-types.js';
import { findLab } from '../../labs/index.js';
import { describeRoot } from '../helpers/host.js';
import { failures, labHost } from './lab-fixtures.js';

const logging = findLab('logging')!;

/** A lab whose setup fails after its receivers are up: teardown must still close them. */
const brokenSetup: Lab = {
  ...logging, id: 'dbktest-broken-setup', setup: ['docker run --name nope busybox false'], steps: logging.steps.slice(0, 1),
};

/** Every port the lab's receivers held can be taken again, by protocol: nothing of theirs is left open. */
async function portsFree(kernel: Kernel, lab: Lab, where: NetNsRef): Promise<void> {
  for (const r of lab.receivers ?? []) {
    const local = { address: '127.0.0.1', port: r.port };
    const sock = r.transport === 'udp' ? await kernel.udpBind(local, where) : await kernel.tcpListen(local, where);
    await sock.close();
  }
}

function receiversAreGivenBack(mode: 'sim' | 'linux'): void {
  it('the logging lab passes, and afterwards every receiver port in its host namespace is free again', async () => {
    const host = await labHost(mode);
    try {
      const outcome = await runLab({ lab: logging, kernel: host.kernel, paths: host.paths, networkHost: host.networkHost });
      expect(failures(outcome)).toEqual([]);
      await portsFree(host.kernel, logging, host.networkHost?.netns ? { netns: host.networkHost.netns } : {});
    } finally {
      await host.dispose();
    }
  }, 120_000);

  it('a lab whose setup fails still closes the receivers it started', async () => {
    const host = await labHost(mode);
    try {
      const outcome = await runLab({ lab: brokenSetup, kernel: host.kernel, paths: host.paths, networkHost: host.networkHost });
      expect(outcome.errors.map((e) => e.code)).toContain('E_LAB_SETUP');
      await portsFree(host.kernel, brokenSetup, host.networkHost?.netns ? { netns: host.networkHost.netns } : {});
    } finally {
      await host.dispose();
    }
  }, 120_000);
}

describe('log receivers of a lab, on the simulator', () => receiversAreGivenBack('sim'));
describeRoot('log receivers of a lab, in a real-kernel sandbox', () => receiversAreGivenBack('linux'));
