import { existsSync, mkdtempSync, readFileSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { KernelCallEvent, KernelTraceEvent } from '../../core/kernel/events.js';
import type { Kernel } from '../../core/kernel/kernel.js';
import { KernelTracer } from '../../core/kernel/tracing-kernel.js';
import { createContainer } from '../../core/runtime/container-create.js';
import { deleteContainer, startContainer } from '../../core/runtime/container-ops.js';
import { makeBundle } from '../helpers/bundle.js';
import { describeRoot, uniqueName } from '../helpers/host.js';

const CONTROLLERS = ['cpu', 'memory', 'pids', 'devices', 'freezer', 'cpuset', 'blkio'];

function initCallEnds(events: readonly KernelTraceEvent[]): KernelCallEvent[] {
  return events.filter((e): e is KernelTraceEvent & { type: 'call-end' } => e.type === 'call-end' && JSON.stringify(e.args).includes('"init"'));
}

/** Mount points the process sees (field 5 of mountinfo, relative to its root). */
function mountPoints(pid: number): string[] {
  return readFileSync(`/proc/${pid}/mountinfo`, 'utf8').trim().split('\n').map((l) => l.split(' ')[4]!);
}

/** Only if a test failed before the runtime removed it: an empty cgroup goes with rmdir. */
function removeGroup(group: string): void {
  for (const c of CONTROLLERS) {
    try { rmdirSync(`/sys/fs/cgroup/${c}/${group}/c`); } catch { /* absent */ }
    try { rmdirSync(`/sys/fs/cgroup/${c}/${group}`); } catch { /* absent */ }
  }
}

async function until<T>(what: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describeRoot("the init's calls in batches (real kernel)", () => {
  let linux: Kernel;
  beforeAll(async () => {
    const { LinuxKernel } = await import('../../core/kernel/linux/linux-kernel.js');
    linux = new LinuxKernel();
  });

  it('a batch that fails mid-way names the failed call and its errno, runs nothing after it, and leaves nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dbktest-batch-'));
    const group = uniqueName('batch');
    const bundle = makeBundle((s) => {
      s.process.args = ['true'];
      s.linux!.cgroupsPath = `/${group}/c`;
      // Between the default mounts and /dev's nodes: the bad one fails inside a batch, the next must never run.
      s.mounts!.splice(2, 0,
        { destination: '/dbktest-bad', type: 'dbktestnofs', source: 'none', options: [] },
        { destination: '/dbktest-after/x', type: 'tmpfs', source: 'tmpfs', options: [] });
    });
    const rootfs = bundle.spec.root.path;
    const tracer = new KernelTracer(linux);
    const events: KernelTraceEvent[] = [];
    tracer.subscribe((e) => events.push(e));
    const spawned: number[] = [];
    tracer.subscribe((e) => {
      const r = e.type === 'call-end' && e.call === 'containerSpawn' ? (e.result as { pid: number; shimPid: number }) : null;
      if (r) spawned.push(r.pid, r.shimPid);
    });
    try {
      const err = await createContainer(tracer.kernel, root, 'c1', bundle.dir, { stdio: { kind: 'ignore' } }).catch((e: unknown) => e);
      expect(err).toMatchObject({ message: `mount(${rootfs}/dbktest-bad): ENODEV`, errnoCode: 'ENODEV' });

      const ends = initCallEnds(events);
      expect(ends.length).toBeGreaterThan(5);
      expect(ends.at(-1)).toMatchObject({ call: 'mount', error: { code: 'ENODEV', errno: 19 } });
      expect(ends.slice(0, -1).every((e) => e.error === undefined)).toBe(true);
      // The init stopped at the failure: the next mount's mkdir -p (it would show in the host's rootfs) never ran.
      expect(existsSync(join(rootfs, 'dbktest-after'))).toBe(false);
      expect(ends.map((e) => e.call)).not.toContain('pivotRoot');

      expect(readdirSync(root)).toEqual([]);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(bundle.dir);
      for (const c of CONTROLLERS) expect(existsSync(`/sys/fs/cgroup/${c}/${group}`), c).toBe(false);
      expect(spawned).toHaveLength(2);
      await until(() => (spawned.every((p) => !existsSync(`/proc/${p}`)) ? true : undefined));
    } finally {
      bundle.remove();
      rmSync(root, { recursive: true, force: true });
      removeGroup(group);
    }
  }, 60_000);

  it('while calls are held, the init runs them one at a time: a held mount has not happened in the container until continue()', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dbktest-batch-'));
    const group = uniqueName('batch');
    const bundle = makeBundle((s) => { s.process.args = ['true']; s.linux!.cgroupsPath = `/${group}/c`; });
    const rootfs = bundle.spec.root.path;
    const tracer = new KernelTracer(linux);
    const starts: (KernelTraceEvent & { type: 'call-start' })[] = [];
    let initPid = 0;
    tracer.subscribe((e) => {
      if (e.type === 'call-start') starts.push(e);
      if (e.type === 'call-end' && e.call === 'containerSpawn') initPid = (e.result as { pid: number }).pid;
    });
    tracer.hold();
    const creating = createContainer(tracer.kernel, root, 'c1', bundle.dir, { stdio: { kind: 'ignore' } });
    creating.catch(() => {});
    const isProcMount = (s: { call: string; args: readonly unknown[] }) => s.call === 'mount' && (s.args[0] as { target?: string }).target === `${rootfs}/proc`;
    try {
      // Let calls through one by one until the mount of the container's /proc is the one held.
      for (;;) {
        const seq = await until(() => tracer.waiting()[0]);
        const held = starts.find((s) => s.seq === seq)!;
        if (isProcMount(held)) break;
        tracer.continue();
      }
      expect(initPid).toBeGreaterThan(0);
      expect(mountPoints(initPid)).not.toContain(`${rootfs}/proc`);

      const procSeq = tracer.continue()!;
      // The next call is held again, and only now is /proc mounted in the container.
      await until(() => (tracer.waiting()[0] !== undefined && tracer.waiting()[0] !== procSeq ? true : undefined));
      expect(mountPoints(initPid)).toContain(`${rootfs}/proc`);
      const next = starts.find((s) => s.seq === tracer.waiting()[0])!;
      expect(next.held).toBe(true);

      tracer.release();
      const { process } = await creating;
      await startContainer(linux, root, 'c1');
      expect(await process.exited).toEqual({ code: 0, signal: null });
      await deleteContainer(linux, root, 'c1');
    } finally {
      tracer.release();
      await creating.then(() => deleteContainer(linux, root, 'c1', true), () => {}).catch(() => {});
      bundle.remove();
      rmSync(root, { recursive: true, force: true });
      removeGroup(group);
    }
  }, 60_000);
});
