import { describe, expect, it } from 'vitest';
import { runLab } from '../../core/labs/run-lab.js';
import { LABS } from '../../labs/index.js';
import { describeRoot, TEST_PREFIX } from '../helpers/host.js';
import { collector, failures, labHost } from './lab-fixtures.js';
import { containerIds, leftovers } from './leftovers.js';

function everyLabPasses(mode: 'sim' | 'linux'): void {
  for (const lab of LABS) {
    it(`${lab.id} passes every check on real observations`, async () => {
      const host = await labHost(mode);
      const { events, listener } = collector();
      try {
        const outcome = await runLab({ lab, kernel: host.kernel, paths: host.paths, networkHost: host.networkHost, listener });
        expect(failures(outcome)).toEqual([]);
        expect(outcome.passed).toBe(true);
        expect(outcome.steps.map((s) => s.passed)).toEqual(lab.steps.map(() => true));
        expect(outcome.changes.containersLeft).toEqual([]);
        expect(outcome.steps.flatMap((s) => s.checks).length).toBeGreaterThan(lab.steps.length);
      } finally {
        await host.dispose();
      }
      if (mode === 'linux') expect(leftovers(`${TEST_PREFIX}-lab${process.pid}`, containerIds(events))).toEqual([]);
    }, 60_000);
  }
}

describe('every lab in the simulator', () => everyLabPasses('sim'));
describeRoot('every lab on the real kernel', () => everyLabPasses('linux'));
