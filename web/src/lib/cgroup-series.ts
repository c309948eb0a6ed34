import type { LabEvent } from '../../../core/labs/lab-events.js';
import type { CgroupObservation, CgroupSample } from '../../../labs/observation-types.js';

type SampleEvent = Extract<LabEvent, { type: 'cgroup-sample' }>;

/** The readings of one container's cgroup as they arrived. */
export interface CgroupSeries {
  readonly container: string;
  readonly step: number;
  periodUs: number | null;
  quotaUs: number | null;
  memoryLimit: number | null;
  memswLimit: number | null;
  readonly samples: CgroupSample[];
}

/** One CFS period as the panel draws it. */
export interface PeriodCell {
  readonly index: number;
  /** Kernel time the period ended, ms since the epoch. */
  readonly end: number;
  /** CPU time used in it, µs. */
  readonly usedUs: number;
  readonly throttled: boolean;
}

/** Folds cgroup samples and observations per container, for the CFS, memory and flag panels. */
export class CgroupFold {
  readonly series = new Map<string, CgroupSeries>();
  readonly observations = new Map<string, CgroupObservation>();
  /** The step that sampled last: the panels show its containers. */
  lastStep: number | null = null;

  clear(): void {
    this.series.clear();
    this.observations.clear();
    this.lastStep = null;
  }

  sample(e: SampleEvent): void {
    let s = this.series.get(e.container);
    if (!s || s.step !== e.step) {
      s = { container: e.container, step: e.step, periodUs: e.periodUs, quotaUs: e.quotaUs, memoryLimit: e.memoryLimit, memswLimit: e.memswLimit, samples: [] };
      this.series.set(e.container, s);
    }
    s.samples.push(e.sample);
    this.lastStep = e.step;
  }

  observation(o: CgroupObservation): void {
    this.observations.set(o.container, o);
  }

  /** Containers sampled by the latest sampling step, in the order they were first seen. */
  current(): CgroupSeries[] {
    return [...this.series.values()].filter((s) => s.step === this.lastStep);
  }
}

/** A cumulative counter at time t, read linearly between the two samples around it. */
function at(samples: readonly CgroupSample[], t: number, pick: (s: CgroupSample) => number | null | undefined): number | null {
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (t < a.t || t > b.t) continue;
    const va = pick(a);
    const vb = pick(b);
    if (va === null || va === undefined || vb === null || vb === undefined) return null;
    return b.t === a.t ? vb : va + ((vb - va) * (t - a.t)) / (b.t - a.t);
  }
  return null;
}

/**
 * The periods the samples cover, one cell per `cfs_period` from the first
 * sample: CPU time used in it and whether the group was throttled (its
 * nr_throttled counter went up by at least half a period's worth in it;
 * the cells do not line up with the kernel's own period timer, so one
 * throttle can straddle two cells). Only periods that have ended are cells.
 */
export function periodCells(series: CgroupSeries): PeriodCell[] {
  const samples = series.samples.filter((s) => s.cpu !== null);
  if (samples.length < 2) return [];
  const period = (series.periodUs ?? 100_000) / 1000;
  const t0 = samples[0]!.t;
  const last = samples[samples.length - 1]!.t;
  const cells: PeriodCell[] = [];
  for (let i = 0; t0 + (i + 1) * period <= last; i++) {
    const from = t0 + i * period;
    const to = from + period;
    const u0 = at(samples, from, (s) => s.cpu?.usageUsec);
    const u1 = at(samples, to, (s) => s.cpu?.usageUsec);
    const th0 = at(samples, from, (s) => s.cpu?.nrThrottled) ?? 0;
    const th1 = at(samples, to, (s) => s.cpu?.nrThrottled) ?? 0;
    cells.push({ index: i, end: to, usedUs: u0 === null || u1 === null ? 0 : Math.max(0, u1 - u0), throttled: th1 - th0 >= 0.5 });
  }
  return cells;
}

/** nr_throttled / nr_periods between the first and the last sample: the kernel's own account. */
export function statThrottledFraction(series: CgroupSeries): number | null {
  const s = series.samples.filter((x) => x.cpu !== null);
  const a = s[0]?.cpu;
  const b = s[s.length - 1]?.cpu;
  if (!a || !b || b.nrPeriods === a.nrPeriods) return null;
  return (b.nrThrottled - a.nrThrottled) / (b.nrPeriods - a.nrPeriods);
}
