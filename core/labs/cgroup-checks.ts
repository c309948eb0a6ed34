import type { CgroupField, CheckSpec } from '../../labs/lab-types.js';
import type { CgroupObservation } from '../../labs/observation-types.js';
import type { CheckOutcome } from './lab-events.js';

type CgroupCheck = Extract<CheckSpec, { kind: 'cgroup' }>;
type SplitCheck = Extract<CheckSpec, { kind: 'cpu-split' }>;
type TotalCheck = Extract<CheckSpec, { kind: 'cpu-total' }>;

const delta = (o: CgroupObservation, f: (c: NonNullable<CgroupObservation['sample']>['cpu']) => number | null | undefined): number | null => {
  const w = o.window;
  if (!w?.first.cpu || !w.last.cpu) return null;
  const a = f(w.first.cpu);
  const b = f(w.last.cpu);
  return a === null || a === undefined || b === null || b === undefined ? null : b - a;
};

/** CPU time used over the sampled window, µs. */
export function windowUsageUsec(o: CgroupObservation): number | null {
  return delta(o, (c) => c?.usageUsec);
}

/** A field of the observation as a `cgroup` check reads it (see CgroupField). */
export function cgroupField(o: CgroupObservation, field: CgroupField): number | string | boolean | null {
  const s = o.settings;
  switch (field) {
    case 'periodUs': case 'quotaUs': case 'shares': case 'cpus': case 'memoryLimit': case 'memswLimit':
      return s?.[field] ?? null;
    case 'blkioWeight': return s?.blkioWeight ? Number(s.blkioWeight.value.replace(/^default\s+/, '')) : null;
    case 'cpuFraction': {
      const used = windowUsageUsec(o);
      const wall = o.window ? (o.window.last.t - o.window.first.t) * 1000 : 0;
      return used === null || wall <= 0 ? null : used / wall;
    }
    case 'throttledFraction': {
      const periods = delta(o, (c) => c?.nrPeriods);
      const throttled = delta(o, (c) => c?.nrThrottled);
      return periods === null || throttled === null || periods === 0 ? null : throttled / periods;
    }
    case 'usagePerPeriodUs': {
      const used = windowUsageUsec(o);
      const periods = delta(o, (c) => c?.nrPeriods);
      return used === null || periods === null || periods === 0 ? null : used / periods;
    }
    case 'samples': return o.window?.count ?? 0;
    case 'memoryPeak': return o.window?.peakMemory ?? o.sample?.memory?.maxUsage ?? null;
    case 'oomKilled': return o.oomKilled;
    case 'oomKills': return o.window?.last.memory?.oomKills ?? o.sample?.memory?.oomKills ?? null;
  }
}

const round = (v: unknown): unknown => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v);

export function evaluateCgroupCheck(check: CgroupCheck, o: CgroupObservation): CheckOutcome {
  const v = cgroupField(o, check.field);
  const row = v === null && check.orNotApplied ? o.flags.find((f) => f.flag === check.orNotApplied) : undefined;
  if (row && 'missing' in row.onHost) {
    return { pass: true, observed: { [check.field]: null, notApplied: row.onHost.missing }, expected: { [check.field]: { equals: check.equals, orNotApplied: check.orNotApplied } } };
  }
  const ok = v !== null
    && (check.equals === undefined || v === check.equals)
    && (check.atLeast === undefined || (typeof v === 'number' && v >= check.atLeast))
    && (check.atMost === undefined || (typeof v === 'number' && v <= check.atMost));
  const expected = { ...(check.equals !== undefined ? { equals: check.equals } : {}), ...(check.atLeast !== undefined ? { atLeast: check.atLeast } : {}), ...(check.atMost !== undefined ? { atMost: check.atMost } : {}) };
  return { pass: ok, observed: { [check.field]: round(v) }, expected: { [check.field]: expected } };
}

export function evaluateSplitCheck(check: SplitCheck, a: CgroupObservation, b: CgroupObservation): CheckOutcome {
  const ua = windowUsageUsec(a);
  const ub = windowUsageUsec(b);
  const share = ua === null || ub === null || ua + ub <= 0 ? null : ua / (ua + ub);
  const ok = share !== null && Math.abs(share - check.aFraction) <= check.tolerance;
  return { pass: ok, observed: { [check.a]: round(share), usageUsec: { [check.a]: ua, [check.b]: ub } }, expected: { [check.a]: `${check.aFraction} ± ${check.tolerance}` } };
}

export function evaluateTotalCheck(check: TotalCheck, observed: readonly CgroupObservation[]): CheckOutcome {
  const each = observed.map((o) => cgroupField(o, 'cpuFraction'));
  const total = each.every((v): v is number => typeof v === 'number') ? each.reduce((a, b) => a + b, 0) : null;
  const ok = total !== null && total <= check.atMost && (check.atLeast === undefined || total >= check.atLeast);
  return { pass: ok, observed: { total: round(total), each: Object.fromEntries(observed.map((o, i) => [o.container, round(each[i])])) }, expected: { total: { atMost: check.atMost, ...(check.atLeast !== undefined ? { atLeast: check.atLeast } : {}) } } };
}
