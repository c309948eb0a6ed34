import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import type { ContainerProcess } from '../../core/kernel/types.js';
import { createContainer } from '../../core/runtime/container-create.js';
import { execInContainer } from '../../core/runtime/container-exec.js';
import { containerPids, containerState, deleteContainer, killContainer, startContainer } from '../../core/runtime/container-ops.js';
import { listIds } from '../../core/runtime/container-record.js';
import type { Spec } from '../../core/runtime/oci/spec-types.js';

/** A bundle on whichever kernel the scenarios run against. */
export interface ScenarioBundle {
  readonly dir: string;
  readonly spec: Spec;
  remove(): Promise<void>;
}

/**
 * What the lifecycle scenarios need from a kernel's test setup: the same
 * assertions then run on the real kernel (test/runtime) and on the
 * simulator (test/sim), which is the point of the simulator.
 */
export interface LifecycleHarness {
  kernel(): Kernel;
  makeRoot(): Promise<string>;
  removeRoot(root: string): Promise<void>;
  /** A busybox rootfs and Docker's default config (hostname dbktest-box), with changes. */
  makeBundle(change: (spec: Spec) => void): Promise<ScenarioBundle>;
  uniqueId(): string;
  readAll(source: AsyncIterable<Uint8Array> | null): Promise<string>;
}

export function lifecycleScenarios(h: LifecycleHarness): void {
  let kernel: Kernel;
  let root: string;
  let bundle: ScenarioBundle | undefined;
  let id: string;
  const readAll = (s: AsyncIterable<Uint8Array> | null): Promise<string> => h.readAll(s);

  async function cgroupDirs(cid: string): Promise<string[]> {
    const out: string[] = [];
    for (const c of ['cpu', 'memory', 'pids', 'devices', 'freezer', 'cpuset', 'blkio']) {
      const p = `/sys/fs/cgroup/${c}/dbktest-rt/${cid}`;
      if (await kernel.exists(p)) out.push(p);
    }
    return out;
  }

  beforeEach(async () => {
    kernel = h.kernel();
    root = await h.makeRoot();
    id = h.uniqueId();
    bundle = undefined;
  });
  afterEach(async () => {
    for (const c of await listIds(kernel, root)) await deleteContainer(kernel, root, c, true).catch(() => {});
    await bundle?.remove();
    await h.removeRoot(root);
  });

  async function create(args: string[], change: (s: Spec) => void = () => {}): Promise<ContainerProcess> {
    bundle = await h.makeBundle((s) => {
      s.process.args = args;
      s.linux!.cgroupsPath = `/dbktest-rt/${id}`;
      change(s);
    });
    const { process } = await createContainer(kernel, root, id, bundle.dir, { stdio: { kind: 'pipe' } });
    return process;
  }

  async function runToEnd(args: string[], change?: (s: Spec) => void): Promise<{ out: string; err: string; status: Awaited<ContainerProcess['exited']> }> {
    const p = await create(args, change);
    await startContainer(kernel, root, id);
    const [out, err, status] = await Promise.all([readAll(p.stdout), readAll(p.stderr), p.exited]);
    return { out, err, status };
  }

  it('walks created → running → stopped, and delete leaves no state, cgroup or process', async () => {
    const p = await create(['sh', '-c', 'read line; echo got $line']);
    expect((await containerState(kernel, root, id)).status).toBe('created');
    expect((await cgroupDirs(id)).length).toBeGreaterThan(0);
    await startContainer(kernel, root, id);
    expect((await containerState(kernel, root, id))).toMatchObject({ status: 'running', pid: p.pid, id, bundle: bundle!.dir });
    await p.stdin!.write('hello\n');
    expect(await readAll(p.stdout)).toBe('got hello\n');
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect((await containerState(kernel, root, id))).toMatchObject({ status: 'stopped', pid: 0 });
    await deleteContainer(kernel, root, id);
    expect(await kernel.readdir(root)).toEqual([]);
    expect(await cgroupDirs(id)).toEqual([]);
    expect(await kernel.exists(`/proc/${p.pid}`)).toBe(false);
  });

  it('isolates the container: PID 1, its own hostname, only its own processes, only lo', async () => {
    const { out, status } = await runToEnd(['sh', '-c', 'echo $$; hostname; ps -o pid,comm > /tmp/ps; tail -n +2 /tmp/ps; ls /sys/class/net']);
    expect(status.code).toBe(0);
    const lines = out.trim().split('\n').map((l) => l.trim());
    expect(lines.slice(0, 2)).toEqual(['1', 'dbktest-box']);
    expect(lines.slice(2, 4).map((l) => l.split(/\s+/)[1])).toEqual(['sh', 'ps']);
    expect(lines.slice(4)).toEqual(['lo']);
  });

  it("applies Docker's safe defaults: bounding set, no_new_privs, masked and read-only paths", async () => {
    const { out } = await runToEnd(['sh', '-c', [
      'grep -E "^(CapBnd|NoNewPrivs)" /proc/self/status',
      'echo timer_list=$(wc -c < /proc/timer_list)',
      'echo keys=$(cat /proc/keys | wc -l)',
      'echo firmware=$(ls /sys/firmware | wc -l)',
      'echo 1 > /proc/sys/kernel/domainname 2>/dev/null && echo sys=writable || echo sys=readonly',
    ].join('; ')]);
    expect(out).toContain('CapBnd:\t00000000a80425fb');
    expect(out).toMatch(/NoNewPrivs:\t1/);
    // /proc/timer_list has content on the host (this kernel has no /proc/kcore to try).
    expect(out).toContain('timer_list=0');
    expect(out).toContain('keys=0');
    expect(out).toContain('firmware=0');
    expect(out).toContain('sys=readonly');
  });

  it('denies reading a block device it made with mknod (device cgroup)', async () => {
    const { out } = await runToEnd(['sh', '-c', 'mknod /tmp/sda b 8 0 && echo made; head -c 1 /tmp/sda >/dev/null 2>&1 && echo read || echo denied']);
    expect(out).toContain('denied');
    expect(out).not.toMatch(/^read$/m);
  });

  it('OOM-kills a process over its memory limit: exit by SIGKILL, and state says stopped', async () => {
    const { status } = await runToEnd(['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=64M', 'count=1'], (s) => {
      s.linux!.resources = { ...(s.linux!.resources ?? {}), memory: { limit: 16 * 1024 * 1024, swap: 16 * 1024 * 1024 } };
    });
    expect(status).toEqual({ code: null, signal: 'SIGKILL' });
    expect((await containerState(kernel, root, id)).status).toBe('stopped');
  });

  it('makes fork fail beyond the pids limit', async () => {
    const { out, err } = await runToEnd(['sh', '-c', 'for i in 1 2 3 4 5 6 7 8; do sleep 1 & done; wait; echo done'], (s) => {
      s.linux!.resources = { ...(s.linux!.resources ?? {}), pids: { limit: 4 } };
    });
    expect(`${out}${err}`).toMatch(/can't fork|Resource temporarily unavailable|fork/i);
  });

  it('throttles a busy loop to its CPU quota, as cpu.stat shows', async () => {
    const p = await create(['sh', '-c', 'while :; do :; done'], (s) => {
      s.linux!.resources = { ...(s.linux!.resources ?? {}), cpu: { quota: 20_000, period: 100_000 } };
    });
    await startContainer(kernel, root, id);
    await kernel.sleep(700);
    const stat = await kernel.readText(`/sys/fs/cgroup/cpu/dbktest-rt/${id}/cpu.stat`);
    const throttled = Number(/nr_throttled (\d+)/.exec(stat)?.[1]);
    await killContainer(kernel, root, id, 'KILL');
    await p.exited;
    expect(throttled).toBeGreaterThan(2);
  });

  it('runs exec in every namespace of the running container', async () => {
    const p = await create(['sleep', '30']);
    await startContainer(kernel, root, id);
    const e = await execInContainer(kernel, root, id, { ...bundle!.spec.process, args: ['sh', '-c', 'hostname; echo $$; sleep 0.2'] }, { stdio: { kind: 'pipe' } });
    const initNs = await kernel.namespacesOf(p.pid);
    const execNs = await kernel.namespacesOf(e.pid);
    for (const k of ['mnt', 'uts', 'ipc', 'net', 'pid', 'cgroup'] as const) expect(execNs[k], k).toBe(initNs[k]);
    const out = await readAll(e.stdout);
    expect((await e.exited).code).toBe(0);
    const [host, pid] = out.trim().split('\n');
    expect(host).toBe('dbktest-box');
    expect(Number(pid)).toBeGreaterThan(1);
    expect(await containerPids(kernel, root, id)).toContain(p.pid);
    await killContainer(kernel, root, id, 'SIGKILL');
    await p.exited;
  });

  it('delete --force kills a running container; plain delete refuses it', async () => {
    const p = await create(['sleep', '30']);
    await startContainer(kernel, root, id);
    await expect(deleteContainer(kernel, root, id)).rejects.toMatchObject({ code: 'E_CONTAINER_STATE', message: `cannot delete container "${id}": it is running` });
    await deleteContainer(kernel, root, id, true);
    expect((await p.exited).signal).toBe('SIGKILL');
    expect(await cgroupDirs(id)).toEqual([]);
  });
}
