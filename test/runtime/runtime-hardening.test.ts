import { mkdtempSync, openSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { createContainer } from '../../core/runtime/container-create.js';
import { listIds } from '../../core/runtime/container-record.js';
import { deleteContainer, startContainer } from '../../core/runtime/container-ops.js';
import { makeBundle, type TestBundle } from '../helpers/bundle.js';
import { describeRoot, readAll, uniqueName } from '../helpers/host.js';

describeRoot('the runtime against known container-escape classes (real kernel)', () => {
  let kernel: Kernel;
  let root: string;
  let bundle: TestBundle | null = null;
  beforeAll(async () => {
    const { LinuxKernel } = await import('../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'dbktest-hard-')); });
  afterEach(async () => {
    for (const c of await listIds(kernel, root)) await deleteContainer(kernel, root, c, true).catch(() => {});
    bundle?.remove();
    bundle = null;
    rmSync(root, { recursive: true, force: true });
  });

  it('leaks no file descriptor into the container beyond stdio', async () => {
    const id = uniqueName('fd');
    bundle = makeBundle((s) => { s.process.args = ['sleep', '10']; s.linux!.cgroupsPath = `/dbktest-hard/${id}`; });
    const { process } = await createContainer(kernel, root, id, bundle.dir, { stdio: { kind: 'pipe' } });
    await startContainer(kernel, root, id);
    // Seen from the host, so no tool inside the container adds descriptors of its own.
    for (let i = 0; i < 50 && readlinkSync(`/proc/${process.pid}/exe`).includes('memfd'); i++) await kernel.sleep(10);
    expect(readdirSync(`/proc/${process.pid}/fd`).sort()).toEqual(['0', '1', '2']);
    await kernel.kill(process.pid, 'SIGKILL');
    await process.exited;
  });

  it('cannot start with a working directory reached through an inherited descriptor (CVE-2024-21626 class)', async () => {
    for (const fd of [3, 4, 5, 6, 7, 8]) {
      const id = uniqueName(`cwd${fd}`);
      bundle = makeBundle((s) => { s.process.args = ['sh', '-c', 'pwd; ls ..']; s.process.cwd = `/proc/self/fd/${fd}`; s.linux!.cgroupsPath = `/dbktest-hard/${id}`; });
      const outcome = await createContainer(kernel, root, id, bundle.dir, { stdio: { kind: 'pipe' } }).then(
        async ({ process }) => {
          await startContainer(kernel, root, id);
          return readAll(process.stdout);
        },
        (e: Error) => `refused: ${e.message}`,
      );
      // Either refused, or a directory inside the container: never the host's.
      expect(outcome, `fd ${fd}`).not.toMatch(/dbktest-hard|\/sys\/fs\/cgroup|etc\/shadow|run\/dockbook/);
      if (!outcome.startsWith('refused')) expect(outcome.trim().split('\n')[0]).toMatch(/^\/proc\/\d+\/fd/);
      bundle.remove();
      bundle = null;
    }
  });

  it("runs the init from a sealed copy, so the host's shim binary cannot be written through /proc/PID/exe (CVE-2019-5736 class)", async () => {
    const exitFile = join(root, 'exit');
    const init = await kernel.containerSpawn({ create: ['pid', 'mnt'], stdio: { kind: 'ignore' }, exitFile });
    try {
      const exe = readlinkSync(`/proc/${init.pid}/exe`);
      expect(exe).toMatch(/^\/memfd:dockbook-shim/);
      expect(() => openSync(`/proc/${init.pid}/exe`, 'r+')).toThrow(/EPERM|ETXTBSY|EACCES/);
    } finally {
      await kernel.kill(init.pid, 'SIGKILL');
      await init.exited;
    }
  });
});
