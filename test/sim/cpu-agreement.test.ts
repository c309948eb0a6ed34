import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import type { KernelProcess } from '../../core/kernel/types.js';
import { SimKernel } from '../../core/sim/index.js';
import { describeRoot, uniqueName } from '../helpers/host.js';

const CG = '/sys/fs/cgroup';
const HIERARCHIES = ['cpu', 'cpuacct', 'cpuset'] as const;
const MEASURE_MS = 3000;

/** The cgroups of the comparison, under one parent; `files` go to the hierarchy their name starts with. */
const GROUPS: Record<string, Record<string, string>> = {
  low: { 'cpu.shares': '512', 'cpuset.cpus': '0' },
  high: { 'cpu.shares': '1024', 'cpuset.cpus': '0' },
  half: { 'cpu.cfs_period_us': '100000', 'cpu.cfs_quota_us': '50000', 'cpuset.cpus': '1' },
  quarter: { 'cpu.cfs_period_us': '100000', 'cpu.cfs_quota_us': '25000', 'cpuset.cpus': '1' },
};

interface Measured {
  /** low's part of the CPU time low and high used on the one core they share. */
  lowShare: number;
  /** CPU time per wall time, and throttled periods per period, of each quota group. */
  half: { cpu: number; throttled: number };
  quarter: { cpu: number; throttled: number };
}

const stat = (text: string): Record<string, number> => Object.fromEntries(text.trim().split('\n').map((l) => l.split(' ')).map(([k, v]) => [k, Number(v)]));

/**
 * The same busy loops in the same cgroups, written through the Kernel
 * interface, so one scenario runs on the real kernel and on the simulator.
 * The parent has the largest cpu.shares, so on a busy shared host the
 * loops still get the CPU they ask for and only their own limits act.
 */
async function measure(k: Kernel, parent: string, procs: KernelProcess[]): Promise<Measured> {
  for (const h of HIERARCHIES) await k.mkdir(`${CG}/${h}/${parent}`);
  await k.writeFile(`${CG}/cpu/${parent}/cpu.shares`, '262144');
  await k.writeFile(`${CG}/cpuset/${parent}/cpuset.mems`, '0');
  await k.writeFile(`${CG}/cpuset/${parent}/cpuset.cpus`, '0-1');
  for (const [name, files] of Object.entries(GROUPS)) {
    for (const h of HIERARCHIES) await k.mkdir(`${CG}/${h}/${parent}/${name}`);
    await k.writeFile(`${CG}/cpuset/${parent}/${name}/cpuset.mems`, '0');
    for (const [file, value] of Object.entries(files)) await k.writeFile(`${CG}/${file.split('.')[0]}/${parent}/${name}/${file}`, value);
  }
  for (const name of Object.keys(GROUPS)) {
    const p = await k.spawn({ argv: ['/bin/sh', '-c', 'while :; do :; done'] });
    procs.push(p);
    for (const h of HIERARCHIES) await k.writeFile(`${CG}/${h}/${parent}/${name}/cgroup.procs`, String(p.pid));
  }
  const read = async () => {
    const out: Record<string, { usage: number; periods: number; throttled: number }> = {};
    for (const name of Object.keys(GROUPS)) {
      const s = stat(await k.readText(`${CG}/cpu/${parent}/${name}/cpu.stat`));
      out[name] = { usage: Number(await k.readText(`${CG}/cpuacct/${parent}/${name}/cpuacct.usage`)), periods: s['nr_periods']!, throttled: s['nr_throttled']! };
    }
    return { t: k.monotonic(), groups: out };
  };
  await k.sleep(300);
  const a = await read();
  await k.sleep(MEASURE_MS);
  const b = await read();
  const d = (n: string, f: 'usage' | 'periods' | 'throttled') => b.groups[n]![f] - a.groups[n]![f];
  const wallNs = (b.t - a.t) * 1e6;
  const quota = (n: string) => ({ cpu: d(n, 'usage') / wallNs, throttled: d(n, 'throttled') / d(n, 'periods') });
  return { lowShare: d('low', 'usage') / (d('low', 'usage') + d('high', 'usage')), half: quota('half'), quarter: quota('quarter') };
}

async function cleanUp(k: Kernel, parent: string, procs: readonly KernelProcess[]): Promise<void> {
  for (const p of procs) await k.kill(p.pid, 'SIGKILL').catch(() => {});
  await Promise.all(procs.map((p) => p.exited));
  for (const h of HIERARCHIES) {
    for (const name of Object.keys(GROUPS)) await k.rmdir(`${CG}/${h}/${parent}/${name}`).catch(() => {});
    await k.rmdir(`${CG}/${h}/${parent}`).catch(() => {});
  }
}

const within10 = (real: number, sim: number): boolean => Math.abs(real - sim) <= 0.1 * Math.max(Math.abs(real), Math.abs(sim));

describeRoot('the simulator\'s CPU model against the real kernel, same busy loops for 3 s (within 10%)', () => {
  let real: Measured;
  let sim: Measured;
  const parent = uniqueName('cfs');
  let linux: Kernel;

  beforeAll(async () => {
    const { LinuxKernel } = await import('../../core/kernel/linux/linux-kernel.js');
    linux = new LinuxKernel();
    const procs: KernelProcess[] = [];
    try {
      real = await measure(linux, parent, procs);
    } finally {
      await cleanUp(linux, parent, procs);
    }
    const k = new SimKernel({ seed: 7, ncpus: 2 });
    try {
      sim = await measure(k, 'cfs', []);
    } finally {
      k.shutdown();
    }
  }, 30_000);

  afterAll(async () => {
    for (const h of HIERARCHIES) expect(await linux.exists(`${CG}/${h}/${parent}`)).toBe(false);
  });

  it('splits one pinned CPU 512 : 1024 the same way', () => {
    console.log(`cpu agreement: real ${JSON.stringify(real)}\n               sim  ${JSON.stringify(sim)}`);
    expect(sim.lowShare).toBeCloseTo(1 / 3, 2);
    expect(within10(real.lowShare, sim.lowShare), `real ${real.lowShare}, sim ${sim.lowShare}`).toBe(true);
  });

  it('gives --cpus 0.5 the same CPU time and the same part of its periods throttled', () => {
    expect(within10(real.half.cpu, sim.half.cpu), `cpu: real ${real.half.cpu}, sim ${sim.half.cpu}`).toBe(true);
    expect(within10(real.half.throttled, sim.half.throttled), `throttled: real ${real.half.throttled}, sim ${sim.half.throttled}`).toBe(true);
  });

  it('gives --cpu-quota 25000 --cpu-period 100000 the same CPU time and throttling', () => {
    expect(within10(real.quarter.cpu, sim.quarter.cpu), `cpu: real ${real.quarter.cpu}, sim ${sim.quarter.cpu}`).toBe(true);
    expect(within10(real.quarter.throttled, sim.quarter.throttled), `throttled: real ${real.quarter.throttled}, sim ${sim.quarter.throttled}`).toBe(true);
  });
});

describe('the agreement check itself', () => {
  it('calls 10% apart a disagreement', () => {
    expect(within10(0.333, 0.36)).toBe(true);
    expect(within10(0.5, 0.44)).toBe(false);
  });
});
