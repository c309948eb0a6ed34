import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../core/labs/lab-events.js';
import { SAMPLE_EVERY_MS } from '../../core/labs/cgroup-sampler.js';
import { runLab } from '../../core/labs/run-lab.js';
import { findLab } from '../../labs/index.js';
import { periodCells, statThrottledFraction, type CgroupSeries } from '../../web/src/lib/cgroup-series.js';
import { collector, labHost } from './lab-fixtures.js';

type Sample = Extract<LabEvent, { type: 'cgroup-sample' }>;

async function samplesOfARun(): Promise<Sample[]> {
  const host = await labHost('sim');
  const { events, listener } = collector();
  try {
    await runLab({ lab: findLab('resource-limits')!, kernel: host.kernel, paths: host.paths, networkHost: host.networkHost, listener });
  } finally {
    await host.dispose();
  }
  return events.filter((e): e is Sample => e.type === 'cgroup-sample');
}

describe('cgroup samples of the resource-limits lab in the simulator', () => {
  it('come every 50 ms of virtual time, the same in every run, and draw the periods cpu.stat counts', async () => {
    const first = await samplesOfARun();
    const again = await samplesOfARun();
    expect(first.length).toBeGreaterThan(100);
    // Deterministic: a seed and a virtual clock give the same stream, reading for reading.
    expect(again.map((e) => [e.container, e.sample])).toEqual(first.map((e) => [e.container, e.sample]));

    const half = first.filter((e) => e.container === 'half');
    const gaps = half.slice(1).map((e, i) => e.sample.t - half[i]!.sample.t);
    expect(new Set(gaps)).toEqual(new Set([SAMPLE_EVERY_MS]));
    expect(half[0]).toMatchObject({ periodUs: 100_000, quotaUs: 50_000 });

    const series: CgroupSeries = { container: 'half', step: half[0]!.step, periodUs: 100_000, quotaUs: 50_000, memoryLimit: null, memswLimit: null, samples: half.map((e) => e.sample) };
    const cells = periodCells(series);
    expect(cells.length).toBeGreaterThanOrEqual(19);
    const drawn = cells.filter((c) => c.throttled).length / cells.length;
    expect(Math.abs(drawn - statThrottledFraction(series)!)).toBeLessThanOrEqual(0.1);
    for (const c of cells) expect(c.usedUs).toBeCloseTo(50_000, -3);

    // The OOM step's container is read until its cgroup goes.
    const hog = first.filter((e) => e.container === 'hog');
    expect(hog.length).toBeGreaterThan(2);
    expect(hog[0]!.memoryLimit).toBe(32 * 1024 * 1024);
  }, 60_000);
});
