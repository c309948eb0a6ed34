import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import type { KernelProcess } from '../../../core/kernel/types.js';
import { chooseCgroupManager } from '../../../core/runtime/cgroups/choose.js';
import type { CgroupManager } from '../../../core/runtime/cgroups/manager.js';
import { describeRoot } from '../../helpers/host.js';
import { PATH_ENV, RUN_PREFIX, hostCgroupVersion, removeTestCgroups, spawnHeld, testCgroupsPath } from './host-cgroups.js';

const V1_HOST = hostCgroupVersion() === 1;
const MiB = 1024 * 1024;

/** A whole disk of this host and its MAJ:MIN, for the throttle files. */
function someDisk(): { major: number; minor: number } {
  const name = readdirSync('/sys/block')[0]!;
  const [major, minor] = readFileSync(`/sys/block/${name}/dev`, 'utf8').trim().split(':').map(Number);
  return { major: major!, minor: minor! };
}

/** A disk whose I/O scheduler is not BFQ, which then refuses per-device weights; null if every disk uses BFQ. */
function diskWithoutBfq(): { major: number; minor: number } | null {
  if (!V1_HOST) return null;
  for (const name of readdirSync('/sys/block')) {
    const active = /\[(\S+)\]/.exec(readFileSync(`/sys/block/${name}/queue/scheduler`, 'utf8'))?.[1];
    if (active === 'bfq') continue;
    const [major, minor] = readFileSync(`/sys/block/${name}/dev`, 'utf8').trim().split(':').map(Number);
    return { major: major!, minor: minor! };
  }
  return null;
}
const NO_BFQ_DISK = diskWithoutBfq();

describeRoot('V1CgroupManager on this host\'s v1 hierarchies (real kernel)', () => {
  let kernel: Kernel;
  const started: KernelProcess[] = [];

  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });
  afterEach(async () => {
    expect(await removeTestCgroups(kernel, started)).toEqual([]);
  });
  afterAll(async () => {
    await removeTestCgroups(kernel, started);
    const left = readdirSync('/sys/fs/cgroup').flatMap((h) => {
      try { return readdirSync(`/sys/fs/cgroup/${h}`).filter((n) => n.startsWith(RUN_PREFIX)).map((n) => `${h}/${n}`); } catch { return []; }
    });
    expect(left).toEqual([]);
  });

  const fresh = async (tag: string): Promise<CgroupManager> => {
    const cg = await chooseCgroupManager(kernel, testCgroupsPath(tag));
    expect(cg.version).toBe(1);
    await cg.create();
    return cg;
  };

  it.runIf(V1_HOST)('creates the cgroup in every hierarchy and applies limits that read back as written', async () => {
    const cg = await fresh('apply');
    for (const dir of Object.values(cg.paths())) expect(await kernel.exists(dir)).toBe(true);
    const disk = someDisk();
    const applied = await cg.apply({
      memory: { limit: 128 * MiB, reservation: 64 * MiB, swap: 256 * MiB, swappiness: 10 },
      cpu: { shares: 512, quota: 50_000, period: 100_000, cpus: '0', mems: '0' },
      pids: { limit: 32 },
      blockIO: { weight: 300, throttleReadBpsDevice: [{ ...disk, rate: MiB }] },
    });
    const written = applied.filter((a) => a.applied);
    expect(written.map((a) => a.file.split('/').pop())).toEqual(expect.arrayContaining([
      'memory.limit_in_bytes', 'memory.soft_limit_in_bytes', 'memory.swappiness', 'cpu.shares', 'cpu.cfs_quota_us',
      'cpu.cfs_period_us', 'cpuset.cpus', 'cpuset.mems', 'pids.max', 'blkio.throttle.read_bps_device',
    ]));
    for (const a of written) {
      const back = (await kernel.readText(a.file)).trim();
      if (a.file.endsWith('_device')) expect(back.split('\n')).toContain(a.value);
      else expect(back).toBe(a.value);
    }
    // Not every kernel has CFQ's blkio.weight; whichever weight file it used must now hold 300.
    expect(applied.find((a) => a.flags.includes('--blkio-weight'))).toMatchObject({ value: '300' });
    for (const a of applied.filter((x) => !x.applied)) expect(a.reason).toBeTruthy();
    await cg.destroy();
    expect(await cg.exists()).toBe(false);
  });

  it.runIf(V1_HOST)('moves a process into every hierarchy, lists it, and will not be destroyed around it', async () => {
    const cg = await fresh('procs');
    const sleeper = await kernel.spawn({ argv: ['/bin/sleep', '30'], env: PATH_ENV });
    started.push(sleeper);
    await cg.addProcess(sleeper.pid);
    expect(await cg.pids()).toEqual([sleeper.pid]);
    const membership = await kernel.readText(`/proc/${sleeper.pid}/cgroup`);
    for (const c of ['memory', 'pids', 'cpuset', 'freezer']) expect(membership).toMatch(new RegExp(`:${c}:${cg.cgroupsPath}$`, 'm'));

    await expect(cg.destroy()).rejects.toMatchObject({ code: 'E_CGROUP', message: expect.stringContaining(`process ${sleeper.pid} still in it`) });
    for (const dir of Object.values(cg.paths())) expect(await kernel.exists(dir)).toBe(true);

    await kernel.kill(sleeper.pid, 'SIGKILL');
    await sleeper.exited;
    await cg.destroy();
    expect(await cg.exists()).toBe(false);
  });

  it.runIf(V1_HOST)('with the OOM killer off, a process past the memory limit waits under OOM instead of being killed', async () => {
    const cg = await fresh('oomoff');
    const applied = await cg.apply({ memory: { limit: 8 * MiB, swap: 8 * MiB, disableOOMKiller: true } });
    expect(applied.find((a) => a.flags.includes('--oom-kill-disable'))).toMatchObject({ applied: true, value: '1' });
    const oomControl = `${cg.paths().memory}/memory.oom_control`;
    expect(await kernel.readText(oomControl)).toMatch(/^oom_kill_disable 1$/m);
    // Doubling a shell variable reaches 8 MiB within a few rounds.
    const hog = await spawnHeld(kernel, started, 'a=x; while :; do a="$a$a"; done');
    await cg.addProcess(hog.proc.pid);
    await hog.release();
    for (let i = 0; i < 100 && !/^under_oom 1$/m.test(await kernel.readText(oomControl)); i++) await kernel.sleep(50);
    expect(await kernel.readText(oomControl)).toMatch(/^under_oom 1$/m);
    expect(await kernel.readText(oomControl)).toMatch(/^oom_kill 0$/m);
    expect(await cg.pids()).toEqual([hog.proc.pid]);
    await cg.killAll();
    expect((await hog.proc.exited).signal).toBe('SIGKILL');
  });

  it.runIf(V1_HOST)('stops forks at pids.max', async () => {
    const cg = await fresh('pids');
    await cg.apply({ pids: { limit: 4 } });
    const sh = await spawnHeld(kernel, started, 'for i in 1 2 3 4 5 6; do sleep 2 >/dev/null 2>&1 & done; wait');
    await cg.addProcess(sh.proc.pid);
    await sh.release();
    const [status, out] = await Promise.all([sh.proc.exited, sh.output]);
    expect(out.stderr).toMatch(/fork/i);
    expect(status.code).not.toBe(0);
    const events = await kernel.readText(`${cg.paths().pids}/pids.events`);
    expect(Number(/max (\d+)/.exec(events)?.[1])).toBeGreaterThan(0);
    expect((await cg.stats()).pids).toMatchObject({ limit: 4 });
    expect((await cg.stats()).pids!.current).toBeLessThanOrEqual(4);
  });

  it.runIf(V1_HOST)('throttles a busy loop to a 20% CPU quota', async () => {
    const cg = await fresh('cpu');
    await cg.apply({ cpu: { quota: 20_000, period: 100_000 } });
    const loop = await spawnHeld(kernel, started, 'while :; do :; done');
    await cg.addProcess(loop.proc.pid);
    const t0 = kernel.monotonic();
    await loop.release();
    await kernel.sleep(600);
    const stats = await cg.stats();
    const elapsedUs = (kernel.monotonic() - t0) * 1000;
    await kernel.kill(loop.proc.pid, 'SIGKILL');
    expect(stats.cpu!.nrThrottled).toBeGreaterThan(0);
    expect(stats.cpu!.throttledUsec).toBeGreaterThan(0);
    expect(stats.cpu!.usageUsec).toBeGreaterThan(0);
    expect(stats.cpu!.usageUsec!).toBeLessThan(elapsedUs * 0.5);
  });

  it.runIf(V1_HOST)('has a process that outgrows a 16 MiB memory limit OOM-killed, and counts the kill', async () => {
    const cg = await fresh('oom');
    await cg.apply({ memory: { limit: 16 * MiB, swap: 16 * MiB } });
    const before = (await cg.stats()).memory!;
    expect(before.limitBytes).toBe(16 * MiB);
    const dd = await spawnHeld(kernel, started, 'exec /bin/busybox dd if=/dev/zero of=/dev/null bs=64M count=1');
    await cg.addProcess(dd.proc.pid);
    await dd.release();
    expect(await dd.proc.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const after = (await cg.stats()).memory!;
    if (before.oomKills !== null) expect(after.oomKills).toBe(before.oomKills + 1);
    expect(after.maxUsageBytes).toBeGreaterThan(8 * MiB);
    expect(after.maxUsageBytes).toBeLessThanOrEqual(16 * MiB);
  });

  it.runIf(V1_HOST)('freezes a busy process so it uses no CPU, and thaws it', async () => {
    const cg = await fresh('freeze');
    const loop = await spawnHeld(kernel, started, 'while :; do :; done');
    await cg.addProcess(loop.proc.pid);
    await loop.release();
    await kernel.sleep(100);
    await cg.freeze();
    expect((await kernel.readText(`${cg.paths().freezer}/freezer.state`)).trim()).toBe('FROZEN');
    const frozenAt = (await cg.stats()).cpu!.usageUsec!;
    await kernel.sleep(200);
    expect((await cg.stats()).cpu!.usageUsec).toBe(frozenAt);
    await cg.thaw();
    await kernel.sleep(200);
    expect((await cg.stats()).cpu!.usageUsec!).toBeGreaterThan(frozenAt + 50_000);
    await kernel.kill(loop.proc.pid, 'SIGKILL');
  });

  it.runIf(V1_HOST)('denies every device but the ones allowed', async () => {
    const cg = await fresh('devices');
    await cg.apply({ devices: [{ allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' }] });
    expect((await kernel.readText(`${cg.paths().devices}/devices.list`)).trim()).toBe('c 1:3 rwm');
    const sh = await spawnHeld(kernel, started, 'echo x > /dev/null && echo null-ok; head -c1 /dev/zero >/dev/null 2>&1 || echo zero-denied');
    await cg.addProcess(sh.proc.pid);
    await sh.release();
    await sh.proc.exited;
    expect((await sh.output).stdout.split('\n')).toEqual(['null-ok', 'zero-denied', '']);
  });

  it.runIf(V1_HOST)('names the file when the kernel refuses a value, and leaves no directory behind', async () => {
    const cg = await fresh('refused');
    const cpuset = cg.paths().cpuset!;
    const err = await cg.apply({ pids: { limit: 8 }, cpu: { cpus: '0-4095' } }).catch((e: unknown) => e);
    // A CPU number past the machine's is ERANGE on recent kernels, EINVAL on older ones.
    expect(err).toMatchObject({ code: 'E_CGROUP', message: expect.stringMatching(new RegExp(`^write\\(${cpuset}/cpuset\\.cpus\\): (EINVAL|ERANGE)$`)) });
    expect((err as { hint: string }).hint).toMatch(/"0-4095" (must be a subset of the parent|names a CPU or memory node this machine does not have)/);
    for (const dir of Object.values(cg.paths())) {
      expect(await kernel.exists(dir)).toBe(false);
      expect(await kernel.exists(dir.slice(0, dir.lastIndexOf('/')))).toBe(false);
    }
  });

  it.runIf(V1_HOST && NO_BFQ_DISK)('explains a per-device weight refused because the disk does not use BFQ', async () => {
    const cg = await fresh('bfq');
    const blkio = cg.paths().blkio!;
    const hasCfq = await kernel.exists(`${blkio}/blkio.weight_device`);
    const err = await cg.apply({ blockIO: { weightDevice: [{ ...NO_BFQ_DISK!, weight: 200 }] } }).catch((e: unknown) => e);
    if (hasCfq) return; // a CFQ kernel takes the weight without BFQ
    if (!(await kernel.exists(`${blkio}/blkio.bfq.weight_device`))) {
      // Neither scheduler's files (the bfq module not loaded): reported as not applied, nothing thrown.
      expect(err).toEqual([expect.objectContaining({ applied: false, reason: expect.stringMatching(/no proportional I\/O scheduler/) })]);
      return;
    }
    expect(err).toMatchObject({ code: 'E_CGROUP', message: `write(${blkio}/blkio.bfq.weight_device): ${(err as { errnoCode: string }).errnoCode}` });
    expect((err as { errnoCode: string }).errnoCode).toMatch(/^(ENOTSUP|EOPNOTSUPP)$/);
    expect((err as { hint: string }).hint).toMatch(/BFQ/);
    expect(await cg.exists()).toBe(false);
  });
});
