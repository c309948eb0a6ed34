import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { createContainer } from '../../core/runtime/container-create.js';
import { listIds } from '../../core/runtime/container-record.js';
import { deleteContainer, startContainer } from '../../core/runtime/container-ops.js';
import { makeBundle, type TestBundle } from '../helpers/bundle.js';
import { describeRoot, readAll, uniqueName } from '../helpers/host.js';

/** One row of /proc/PID/limits: its soft and hard values. */
function limitRow(limits: string, title: string): [string, string] {
  const row = limits.split('\n').find((l) => l.startsWith(title));
  if (!row) throw new Error(`no "${title}" row in:\n${limits}`);
  const [soft, hard] = row.slice(title.length).trim().split(/\s+/);
  return [soft!, hard!];
}

describeRoot("the runtime applies the process's rlimits, groups and OOM score for real (real kernel)", () => {
  let kernel: Kernel;
  let root: string;
  let bundle: TestBundle | null = null;
  beforeAll(async () => {
    const { LinuxKernel } = await import('../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'dbktest-attr-')); });
  afterEach(async () => {
    for (const c of await listIds(kernel, root)) await deleteContainer(kernel, root, c, true).catch(() => {});
    bundle?.remove();
    bundle = null;
    rmSync(root, { recursive: true, force: true });
  });

  it('shows the rlimits, the supplementary groups and oom_score_adj on the running process, read from the host', async () => {
    const id = uniqueName('attr');
    bundle = makeBundle((s) => {
      s.process.args = ['sleep', '30'];
      s.process.user = { uid: 1000, gid: 1000, additionalGids: [1234, 5678] };
      // Lowering limits needs no CAP_SYS_RESOURCE (which root lacks on these hosts); raising oom_score_adj neither.
      s.process.rlimits = [{ type: 'RLIMIT_NOFILE', soft: 321, hard: 654 }, { type: 'RLIMIT_NPROC', soft: 77, hard: 88 }];
      s.process.oomScoreAdj = 345;
      s.linux!.cgroupsPath = `/dbktest-attr/${id}`;
    });
    const { process } = await createContainer(kernel, root, id, bundle.dir, { stdio: { kind: 'ignore' } });
    await startContainer(kernel, root, id);
    // The init execs `sleep` once released: wait until the pid shows it (no fixed sleep).
    for (let i = 0; i < 100 && !readFileSync(`/proc/${process.pid}/cmdline`, 'utf8').startsWith('sleep'); i++) await kernel.sleep(10);
    const limits = readFileSync(`/proc/${process.pid}/limits`, 'utf8');
    expect(limitRow(limits, 'Max open files')).toEqual(['321', '654']);
    expect(limitRow(limits, 'Max processes')).toEqual(['77', '88']);
    const status = readFileSync(`/proc/${process.pid}/status`, 'utf8');
    expect(status).toMatch(/^Uid:\s+1000\s+1000\s+1000\s+1000$/m);
    expect(status).toMatch(/^Gid:\s+1000\s+1000\s+1000\s+1000$/m);
    expect(status.match(/^Groups:\s*(.*)$/m)?.[1]?.trim().split(/\s+/).sort()).toEqual(['1234', '5678']);
    expect(readFileSync(`/proc/${process.pid}/oom_score_adj`, 'utf8').trim()).toBe('345');
    await kernel.kill(process.pid, 'SIGKILL');
    await process.exited;
  });

  it('makes a readonlyPath read-only all the way down, submounts included', async () => {
    const id = uniqueName('ro');
    bundle = makeBundle((s) => {
      s.process.args = ['sh', '-c', 'touch /data/top 2>&1; touch /data/inner/deep 2>&1; touch /scratch/ok && echo wrote-scratch'];
      s.mounts = [
        ...(s.mounts ?? []),
        { destination: '/data', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev'] },
        { destination: '/data/inner', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev'] },
        { destination: '/scratch', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev'] },
      ];
      s.linux!.readonlyPaths = ['/data'];
      s.linux!.cgroupsPath = `/dbktest-attr/${id}`;
    });
    const { process } = await createContainer(kernel, root, id, bundle.dir, { stdio: { kind: 'pipe' } });
    await startContainer(kernel, root, id);
    const out = await readAll(process.stdout);
    await process.exited;
    expect(out).toMatch(/touch: \/data\/top: Read-only file system/);
    expect(out).toMatch(/touch: \/data\/inner\/deep: Read-only file system/);
    expect(out).toMatch(/^wrote-scratch$/m);
  });
});
