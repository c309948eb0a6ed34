import { afterEach, describe, expect, it } from 'vitest';
import { probeCgroupLayout } from '../../core/runtime/cgroups/choose.js';
import type { SimKernel } from '../../core/sim/index.js';
import { boot, run } from './sim-helpers.js';

const CG = '/sys/fs/cgroup';

describe('cgroups in the simulator', () => {
  let k: SimKernel;
  afterEach(() => k.shutdown());

  it('boots the hybrid layout of the lab machines, or pure v2 when asked', async () => {
    k = boot();
    const hybrid = await probeCgroupLayout(k);
    expect(hybrid.kind).toBe('hybrid');
    // As on the lab hosts: cpu and cpuacct are hierarchies of their own.
    expect(hybrid.hierarchies.map((h) => h.mountPoint)).toEqual(expect.arrayContaining([`${CG}/cpu`, `${CG}/cpuacct`]));
    expect(hybrid.hierarchies.map((h) => h.mountPoint)).not.toContain(`${CG}/cpu,cpuacct`);
    k.shutdown();
    k = boot({ cgroups: 'v2' });
    const v2 = await probeCgroupLayout(k);
    expect(v2.kind).toBe('v2');
    expect(v2.hierarchies[0]?.controllers).toEqual(expect.arrayContaining(['cpu', 'memory', 'pids']));
  });

  it('makes and removes cgroups; a cgroup with a process in it is busy', async () => {
    k = boot();
    await k.mkdir(`${CG}/pids/g`);
    const p = await k.spawn({ argv: ['sleep', '5'] });
    await k.writeFile(`${CG}/pids/g/cgroup.procs`, String(p.pid));
    expect(await k.readText(`${CG}/pids/g/cgroup.procs`)).toBe(`${p.pid}\n`);
    await expect(k.rmdir(`${CG}/pids/g`)).rejects.toMatchObject({ message: `rmdir(${CG}/pids/g): EBUSY` });
    await k.kill(p.pid, 'KILL');
    await p.exited;
    await k.rmdir(`${CG}/pids/g`);
    expect(await k.exists(`${CG}/pids/g`)).toBe(false);
    await expect(k.writeFile(`${CG}/cpu/cpu.cfs_quota_us`, '5')).rejects.toMatchObject({ errnoCode: 'EINVAL' });
  });

  it('OOM-kills past memory.limit_in_bytes and counts it in memory.oom_control', async () => {
    k = boot();
    await k.mkdir(`${CG}/memory/m`);
    await k.writeFile(`${CG}/memory/m/memory.limit_in_bytes`, '8M');
    expect(await k.readText(`${CG}/memory/m/memory.limit_in_bytes`)).toBe('8388608\n');
    const p = await k.spawn({ argv: ['sh', '-c', 'sleep 1; dd if=/dev/zero of=/dev/null bs=16M count=1'] });
    await k.writeFile(`${CG}/memory/m/cgroup.procs`, String(p.pid));
    // sh execs its last command, so the spawned process itself is dd, the biggest, and the one killed.
    expect(await p.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await k.readText(`${CG}/memory/m/memory.oom_control`)).toContain('oom_kill 1\n');
  });

  it('refuses fork with EAGAIN at pids.max', async () => {
    k = boot();
    await k.mkdir(`${CG}/pids/p`);
    await k.writeFile(`${CG}/pids/p/pids.max`, '2');
    const p = await k.spawn({ argv: ['sh', '-c', 'sleep 1; sleep 1 & sleep 1 & wait; echo unreachable'] });
    await k.writeFile(`${CG}/pids/p/cgroup.procs`, String(p.pid));
    const { readAll } = await import('./sim-helpers.js');
    const [out, err] = await Promise.all([readAll(p.stdout), readAll(p.stderr)]);
    expect(out).toBe('');
    expect(err).toBe("sh: can't fork: Resource temporarily unavailable\n");
    expect(await k.readText(`${CG}/pids/p/pids.events`)).toBe('max 1\n');
  });

  it('throttles to the CFS quota: 20 ms per 100 ms period gives a fifth of a CPU', async () => {
    k = boot();
    const dir = `${CG}/cpu/q`;
    await k.mkdir(dir);
    await k.writeFile(`${dir}/cpu.cfs_period_us`, '100000');
    await k.writeFile(`${dir}/cpu.cfs_quota_us`, '20000');
    await k.mkdir(`${CG}/cpuacct/q`);
    const p = await k.spawn({ argv: ['sh', '-c', 'sleep 0.05; while :; do :; done'] });
    await k.writeFile(`${dir}/cgroup.procs`, String(p.pid));
    await k.writeFile(`${CG}/cpuacct/q/cgroup.procs`, String(p.pid));
    await k.sleep(1050);
    const stat = Object.fromEntries((await k.readText(`${dir}/cpu.stat`)).trim().split('\n').map((l) => l.split(' ')).map(([a, b]) => [a, Number(b)]));
    const usage = Number(await k.readText(`${CG}/cpuacct/q/cpuacct.usage`));
    await k.kill(p.pid, 'KILL');
    expect(stat.nr_periods).toBe(10);
    expect(stat.nr_throttled).toBe(10);
    expect(usage / 1e9).toBeCloseTo(0.2, 1);
    expect(stat.throttled_time! / 1e9).toBeCloseTo(0.8, 1);
  });

  it('denies a device the devices cgroup does not allow, and freezes', async () => {
    k = boot();
    await k.mkdir(`${CG}/devices/d`);
    await k.writeFile(`${CG}/devices/d/devices.deny`, 'a');
    await k.writeFile(`${CG}/devices/d/devices.allow`, 'c 1:3 rwm');
    expect(await k.readText(`${CG}/devices/d/devices.list`)).toBe('c 1:3 rwm\n');
    const p = await k.spawn({ argv: ['sh', '-c', 'sleep 1; cat /dev/null && echo null-ok; head -c 1 /dev/zero || echo zero-denied'] });
    await k.writeFile(`${CG}/devices/d/cgroup.procs`, String(p.pid));
    const { readAll } = await import('./sim-helpers.js');
    const [out, err] = await Promise.all([readAll(p.stdout), readAll(p.stderr)]);
    expect(out).toBe('null-ok\nzero-denied\n');
    expect(err).toContain('Operation not permitted');
    await k.mkdir(`${CG}/freezer/f`);
    await k.writeFile(`${CG}/freezer/f/freezer.state`, 'FROZEN');
    expect(await k.readText(`${CG}/freezer/f/freezer.state`)).toBe('FROZEN\n');
    expect((await run(k, ['cat', `${CG}/freezer/f/freezer.state`])).out).toBe('FROZEN\n');
  });
});
