import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { createContainer } from '../../core/runtime/container-create.js';
import { deleteContainer, startContainer } from '../../core/runtime/container-ops.js';
import { makeBundle } from '../helpers/bundle.js';
import { describeRoot } from '../helpers/host.js';

describeRoot('100 create/start/delete cycles (real kernel)', () => {
  let kernel: Kernel;
  beforeAll(async () => {
    const { LinuxKernel } = await import('../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });

  it('leave no mount, cgroup, process or state behind', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dbktest-cycles-'));
    const bundle = makeBundle((s) => { s.process.args = ['true']; s.linux!.cgroupsPath = '/dbktest-cycles/c'; });
    const pids: number[] = [];
    try {
      for (let i = 0; i < 100; i++) {
        const { process } = await createContainer(kernel, root, `c${i}`, bundle.dir, { stdio: { kind: 'ignore' } });
        pids.push(process.pid, process.shimPid);
        await startContainer(kernel, root, `c${i}`);
        expect(await process.exited).toEqual({ code: 0, signal: null });
        await deleteContainer(kernel, root, `c${i}`);
      }
      expect(readdirSync(root)).toEqual([]);
      // Only our own mounts are counted: other programs on the host may mount meanwhile.
      const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
      expect(mounts).not.toContain(bundle.dir);
      expect(mounts).not.toContain(root);
      for (const c of ['cpu', 'memory', 'pids', 'devices', 'freezer', 'cpuset', 'blkio']) expect(existsSync(`/sys/fs/cgroup/${c}/dbktest-cycles`), c).toBe(false);
      expect(pids.filter((p) => existsSync(`/proc/${p}`))).toEqual([]);
    } finally {
      bundle.remove();
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});
