import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildEngine } from '../../core/engine/build-engine.js';
import { LinuxKernel } from '../../core/kernel/linux/linux-kernel.js';
import { LAB_OWNER_FILE, linuxLabHost } from '../../core/labs/lab-host.js';
import { sweepStaleLabHosts } from '../../core/labs/lab-sweep.js';
import { describeRoot, TEST_PREFIX } from '../helpers/host.js';

const PREFIX = `${TEST_PREFIX}-sweep${process.pid}`;

/** A pid that surely belongs to no process any more: one that just ran and exited. */
function deadPid(): number {
  return Number(spawnSync('/bin/sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());
}

describeRoot('a lab server started after one that died', () => {
  it('takes apart the dead one\'s sandbox — its running container, mounts, cgroups, netns and files — and leaves a live one\'s alone', async () => {
    const kernel = new LinuxKernel();
    const dead = await linuxLabHost(kernel, PREFIX);
    const live = await linuxLabHost(kernel, PREFIX);
    const deadName = dead.paths.root.split('/').at(-2)!;
    const liveName = live.paths.root.split('/').at(-2)!;
    try {
      const { engine } = await buildEngine({ kernel, paths: dead.paths, networkHost: dead.networkHost });
      const { Id } = await engine.create({ Image: 'busybox', Cmd: ['sleep', '600'], HostConfig: { NetworkMode: 'bridge' } });
      await engine.start(Id);
      const pid = engine.list(true).find((c) => c.Id === Id)!.State.Pid;
      expect(existsSync(`/proc/${pid}`)).toBe(true);
      // Its server "dies": the engine object is dropped without any teardown, and its pid is no longer alive.
      writeFileSync(`/tmp/${deadName}/${LAB_OWNER_FILE}`, `${deadPid()}\n`);

      const swept = await sweepStaleLabHosts(kernel, PREFIX);
      expect(swept).toEqual([deadName]);
      for (let i = 0; i < 50 && existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 20));
      expect(existsSync(`/proc/${pid}`)).toBe(false);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(`/tmp/${deadName}/`);
      expect(existsSync(`/run/netns/${deadName}`)).toBe(false);
      expect(existsSync(`/tmp/${deadName}`)).toBe(false);
      expect(existsSync(`/sys/fs/cgroup/memory/dockbook/${Id}`) || existsSync(`/sys/fs/cgroup/dockbook/${Id}`)).toBe(false);
      // The live server's sandbox (this process owns it) is untouched.
      expect(existsSync(`/tmp/${liveName}`)).toBe(true);
      expect(existsSync(`/run/netns/${liveName}`)).toBe(true);
    } finally {
      await live.dispose();
      await dead.dispose().catch(() => {});
    }
  }, 60_000);
});
