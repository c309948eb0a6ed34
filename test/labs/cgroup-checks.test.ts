import { describe, expect, it } from 'vitest';
import { cgroupField, evaluateCgroupCheck, evaluateSplitCheck, evaluateTotalCheck } from '../../core/labs/cgroup-checks.js';
import type { CgroupObservation, CgroupSample } from '../../labs/observation-types.js';

const sample = (t: number, usageUsec: number, nrPeriods: number, nrThrottled: number): CgroupSample => ({ t, cpu: { usageUsec, nrPeriods, nrThrottled, throttledUsec: 0 }, memory: null });

function obs(container: string, first: CgroupSample, last: CgroupSample): CgroupObservation {
  return {
    kind: 'cgroup', container, containerId: 'id', version: 1, paths: {}, oomKilled: false, flags: [], sample: last,
    settings: { periodUs: 100_000, quotaUs: 50_000, shares: 1024, cpus: null, memoryLimit: null, memswLimit: null, blkioWeight: { file: 'blkio.bfq.weight', value: '300' } },
    window: { first, last, count: 41, peakMemory: null },
  };
}

const text = { ko: '', en: '' };

describe('checks on a container\'s cgroup', () => {
  const half = obs('half', sample(0, 0, 0, 0), sample(2000, 1_000_000, 20, 19));

  it('reads CPU per wall time, throttled periods per period and CPU per period over the sampled window', () => {
    expect(cgroupField(half, 'cpuFraction')).toBeCloseTo(0.5);
    expect(cgroupField(half, 'throttledFraction')).toBeCloseTo(0.95);
    expect(cgroupField(half, 'usagePerPeriodUs')).toBe(50_000);
    expect(cgroupField(half, 'blkioWeight')).toBe(300);
  });

  it('fails a bound the observation breaks, and says what it saw', () => {
    const r = evaluateCgroupCheck({ kind: 'cgroup', container: 'half', field: 'usagePerPeriodUs', atMost: 45_000, text }, half);
    expect(r.pass).toBe(false);
    expect(r.observed).toEqual({ usagePerPeriodUs: 50_000 });
    expect(evaluateCgroupCheck({ kind: 'cgroup', container: 'half', field: 'quotaUs', equals: 50_000, text }, half).pass).toBe(true);
  });

  it('takes a weight the host has no file for as reported, and only when the flag row says so', () => {
    const row = { flag: '--blkio-weight', oci: 'blockIO.weight', ociValue: '300', v1: [], v2: [], conversionV1: '', conversionV2: '' };
    const check = { kind: 'cgroup', container: 'half', field: 'blkioWeight', equals: 300, orNotApplied: '--blkio-weight', text } as const;
    const noFile = { ...half, settings: { ...half.settings!, blkioWeight: null } };
    const reported = evaluateCgroupCheck(check, { ...noFile, flags: [{ ...row, onHost: { missing: 'no proportional I/O scheduler' } }] });
    expect(reported).toMatchObject({ pass: true, observed: { blkioWeight: null, notApplied: 'no proportional I/O scheduler' } });
    expect(evaluateCgroupCheck(check, { ...noFile, flags: [] }).pass).toBe(false);
    expect(evaluateCgroupCheck(check, { ...noFile, flags: [{ ...row, onHost: { file: 'blkio.bfq.weight', content: '100' } }] }).pass).toBe(false);
    const wrong = { ...half, settings: { ...half.settings!, blkioWeight: { file: 'blkio.bfq.weight', value: '100' } } };
    expect(evaluateCgroupCheck(check, { ...wrong, flags: [{ ...row, onHost: { missing: 'x' } }] }).pass).toBe(false);
  });

  it('fails a check on a window that was never sampled', () => {
    const none = { ...half, window: null };
    expect(evaluateCgroupCheck({ kind: 'cgroup', container: 'half', field: 'cpuFraction', atMost: 1, text }, none).pass).toBe(false);
  });

  it('judges the split of CPU time between two containers', () => {
    const low = obs('low', sample(0, 0, 0, 0), sample(3000, 1_000_000, 0, 0));
    const high = obs('high', sample(0, 0, 0, 0), sample(3000, 2_000_000, 0, 0));
    expect(evaluateSplitCheck({ kind: 'cpu-split', a: 'low', b: 'high', aFraction: 1 / 3, tolerance: 0.05, text }, low, high).pass).toBe(true);
    expect(evaluateSplitCheck({ kind: 'cpu-split', a: 'high', b: 'low', aFraction: 1 / 3, tolerance: 0.05, text }, high, low).pass).toBe(false);
  });

  it('adds up the CPU of pinned containers against one CPU', () => {
    const low = obs('low', sample(0, 0, 0, 0), sample(3000, 1_000_000, 0, 0));
    const high = obs('high', sample(0, 0, 0, 0), sample(3000, 2_000_000, 0, 0));
    expect(evaluateTotalCheck({ kind: 'cpu-total', containers: ['low', 'high'], atMost: 1.05, text }, [low, high]).pass).toBe(true);
    const both = obs('both', sample(0, 0, 0, 0), sample(3000, 6_000_000, 0, 0));
    expect(evaluateTotalCheck({ kind: 'cpu-total', containers: ['low', 'both'], atMost: 1.05, text }, [low, both]).pass).toBe(false);
  });
});
