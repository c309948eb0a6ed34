import { afterEach, describe, expect, it } from 'vitest';
import type { SimKernel } from '../../core/sim/index.js';
import { boot } from './sim-helpers.js';

const CG = '/sys/fs/cgroup';
const BUSY = ['sh', '-c', 'while :; do :; done'];

/** Puts a new busy loop into cgroup `name` (made in cpu, cpuacct and cpuset) with the given settings. */
async function busyIn(k: SimKernel, name: string, files: Record<string, string>): Promise<number> {
  for (const h of ['cpu', 'cpuacct', 'cpuset']) await k.mkdir(`${CG}/${h}/${name}`);
  await k.writeFile(`${CG}/cpuset/${name}/cpuset.mems`, '0');
  await k.writeFile(`${CG}/cpuset/${name}/cpuset.cpus`, (await k.readText(`${CG}/cpuset/cpuset.cpus`)).trim());
  for (const [file, value] of Object.entries(files)) await k.writeFile(`${CG}/${file.split('.')[0]}/${name}/${file}`, value);
  const p = await k.spawn({ argv: BUSY });
  for (const h of ['cpu', 'cpuacct', 'cpuset']) await k.writeFile(`${CG}/${h}/${name}/cgroup.procs`, String(p.pid));
  return p.pid;
}

const usageMs = async (k: SimKernel, name: string): Promise<number> => Number(await k.readText(`${CG}/cpuacct/${name}/cpuacct.usage`)) / 1e6;

describe('the simulator\'s CPUs', () => {
  let k: SimKernel;
  afterEach(() => k.shutdown());

  it('splits one contended core by cpu.shares: 512 against 1024 is a third against two thirds', async () => {
    k = boot({ ncpus: 2 });
    const a = await busyIn(k, 'a', { 'cpu.shares': '512', 'cpuset.cpus': '0' });
    const b = await busyIn(k, 'b', { 'cpu.shares': '1024', 'cpuset.cpus': '0' });
    await k.sleep(3000);
    const [ua, ub] = [await usageMs(k, 'a'), await usageMs(k, 'b')];
    await k.kill(a, 'KILL');
    await k.kill(b, 'KILL');
    expect(ua / (ua + ub)).toBeCloseTo(1 / 3, 2);
    // Together they fill the one core they are pinned to, no more.
    expect((ua + ub) / 3000).toBeGreaterThan(0.97);
    expect((ua + ub) / 3000).toBeLessThanOrEqual(1.0001);
  });

  it('gives each of two unpinned busy loops a core of its own, whatever their shares', async () => {
    k = boot({ ncpus: 2 });
    const a = await busyIn(k, 'a', { 'cpu.shares': '512' });
    const b = await busyIn(k, 'b', { 'cpu.shares': '1024' });
    await k.sleep(1000);
    const [ua, ub] = [await usageMs(k, 'a'), await usageMs(k, 'b')];
    await k.kill(a, 'KILL');
    await k.kill(b, 'KILL');
    expect(ua / 1000).toBeGreaterThan(0.97);
    expect(ub / 1000).toBeGreaterThan(0.97);
  });

  it('keeps a group of two busy loops pinned by cpuset.cpus to one core at one core in all', async () => {
    k = boot({ ncpus: 4 });
    await k.mkdir(`${CG}/cpu/g`);
    for (const h of ['cpuacct', 'cpuset']) await k.mkdir(`${CG}/${h}/g`);
    await k.writeFile(`${CG}/cpuset/g/cpuset.mems`, '0');
    await k.writeFile(`${CG}/cpuset/g/cpuset.cpus`, '2');
    const pids: number[] = [];
    for (let i = 0; i < 2; i++) {
      const p = await k.spawn({ argv: BUSY });
      for (const h of ['cpu', 'cpuacct', 'cpuset']) await k.writeFile(`${CG}/${h}/g/cgroup.procs`, String(p.pid));
      pids.push(p.pid);
    }
    await k.sleep(1000);
    const u = await usageMs(k, 'g');
    for (const pid of pids) await k.kill(pid, 'KILL');
    expect(u / 1000).toBeGreaterThan(0.97);
    expect(u / 1000).toBeLessThanOrEqual(1.0001);
  });

  it('throttles --cpus 0.5 in every period it runs out, half of the time, with the kernel\'s counters', async () => {
    k = boot({ ncpus: 2 });
    const p = await busyIn(k, 'q', { 'cpu.cfs_period_us': '100000', 'cpu.cfs_quota_us': '50000' });
    await k.sleep(3000);
    const stat = Object.fromEntries((await k.readText(`${CG}/cpu/q/cpu.stat`)).trim().split('\n').map((l) => l.split(' ')).map(([a, b]) => [a, Number(b)]));
    const used = await usageMs(k, 'q');
    await k.kill(p, 'KILL');
    expect(stat['nr_periods']).toBe(30);
    expect(stat['nr_throttled']).toBe(30);
    expect(used / 3000).toBeCloseTo(0.5, 2);
    expect(stat['throttled_time']! / 1e9).toBeCloseTo(1.5, 1);
  });

  it('follows --cpu-period: a 50 ms period with a 25 ms quota counts twice the periods', async () => {
    k = boot({ ncpus: 2 });
    const p = await busyIn(k, 'q', { 'cpu.cfs_period_us': '50000', 'cpu.cfs_quota_us': '25000' });
    await k.sleep(1000);
    const stat = await k.readText(`${CG}/cpu/q/cpu.stat`);
    await k.kill(p, 'KILL');
    expect(stat).toMatch(/^nr_periods 20\nnr_throttled 20\n/);
  });

  it('throttles the same way on a cgroup v2 machine through cpu.max, with usage in cpu.stat', async () => {
    k = boot({ ncpus: 2, cgroups: 'v2' });
    await k.writeFile(`${CG}/cgroup.subtree_control`, '+cpu +cpuset');
    await k.mkdir(`${CG}/q`);
    await k.writeFile(`${CG}/q/cpu.max`, '50000 100000');
    const p = await k.spawn({ argv: BUSY });
    await k.writeFile(`${CG}/q/cgroup.procs`, String(p.pid));
    await k.sleep(2000);
    const stat = Object.fromEntries((await k.readText(`${CG}/q/cpu.stat`)).trim().split('\n').map((l) => l.split(' ')).map(([a, b]) => [a, Number(b)]));
    await k.kill(p.pid, 'KILL');
    expect(stat['nr_periods']).toBe(20);
    expect(stat['nr_throttled']).toBe(20);
    expect(stat['usage_usec']! / 2e6).toBeCloseTo(0.5, 2);
  });

  it('does not throttle a single loop whose quota is a whole period (--cpus 1), as the kernel does not', async () => {
    k = boot({ ncpus: 2 });
    const p = await busyIn(k, 'one', { 'cpu.cfs_period_us': '100000', 'cpu.cfs_quota_us': '100000' });
    await k.sleep(2000);
    const stat = await k.readText(`${CG}/cpu/one/cpu.stat`);
    const used = await usageMs(k, 'one');
    await k.kill(p, 'KILL');
    expect(stat).toMatch(/^nr_periods 20\nnr_throttled 0\nthrottled_time 0\n/);
    expect(used / 2000).toBeGreaterThan(0.99);
  });
});
