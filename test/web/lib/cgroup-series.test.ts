import { describe, expect, it } from 'vitest';
import { CgroupFold, periodCells, statThrottledFraction, type CgroupSeries } from '../../../web/src/lib/cgroup-series.js';
import type { CgroupSample } from '../../../labs/observation-types.js';

/** Samples every 50 ms of a group that uses `usedPerPeriodUs` of every 100 ms period and is throttled in each when `throttled`. */
function samples(n: number, usedPerPeriodUs: number, throttled: boolean): CgroupSample[] {
  return Array.from({ length: n }, (_, i) => {
    const periods = i / 2;
    return {
      t: 1_000_000 + i * 50,
      cpu: { usageUsec: Math.round(periods * usedPerPeriodUs), nrPeriods: Math.floor(periods), nrThrottled: throttled ? Math.floor(periods) : 0, throttledUsec: 0 },
      memory: null,
    };
  });
}

const series = (s: CgroupSample[], periodUs = 100_000): CgroupSeries => ({ container: 'c', step: 0, periodUs, quotaUs: 50_000, memoryLimit: null, memswLimit: null, samples: s });

describe('the CFS panel\'s periods, from cumulative samples', () => {
  it('makes one cell per ended period with the CPU time used in it', () => {
    const cells = periodCells(series(samples(41, 50_000, true)));
    expect(cells).toHaveLength(20);
    for (const c of cells) expect(c.usedUs).toBeCloseTo(50_000, 0);
    expect(cells[0]!.end).toBe(1_000_100);
  });

  it('marks a period throttled when nr_throttled rose in it, as cpu.stat counts', () => {
    const s = series(samples(41, 50_000, true));
    expect(periodCells(s).every((c) => c.throttled)).toBe(true);
    expect(statThrottledFraction(s)).toBe(1);
    const free = series(samples(41, 30_000, false));
    expect(periodCells(free).some((c) => c.throttled)).toBe(false);
    expect(statThrottledFraction(free)).toBe(0);
  });

  it('follows the period: 50 ms cells are twice as many', () => {
    expect(periodCells(series(samples(41, 50_000, true), 50_000))).toHaveLength(40);
  });

  it('draws nothing from a single sample', () => {
    expect(periodCells(series(samples(1, 50_000, true)))).toEqual([]);
  });

  it('keeps each step\'s samples apart and shows the last step\'s containers', () => {
    const fold = new CgroupFold();
    const ev = (step: number, container: string, sample: CgroupSample) => ({ type: 'cgroup-sample' as const, seq: 1, lab: 'l', step, container, periodUs: 100_000, quotaUs: null, memoryLimit: null, memswLimit: null, sample });
    const [a, b] = samples(2, 1000, false);
    fold.sample(ev(0, 'x', a!));
    fold.sample(ev(1, 'y', a!));
    fold.sample(ev(1, 'y', b!));
    expect(fold.current().map((s) => [s.container, s.samples.length])).toEqual([['y', 2]]);
  });
});
