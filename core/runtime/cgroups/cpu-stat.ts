import { parseKeyedFile } from './keyed-file.js';

/** CPU time and throttling, in µs on both versions. */
export interface CpuStats {
  /** Total CPU time used; null when the host does not say (v1 without cpuacct). */
  readonly usageUsec: number | null;
  readonly userUsec: number | null;
  readonly systemUsec: number | null;
  /** Quota periods that have elapsed while the group was runnable. */
  readonly nrPeriods: number;
  /** Of those, periods in which the group used up its quota and was stopped. */
  readonly nrThrottled: number;
  readonly throttledUsec: number;
}

const nsToUs = (ns: number): number => Math.floor(ns / 1000);

/**
 * v1 cpu.stat has the throttling counters only, with throttled_time in ns;
 * the usage comes from the cpuacct controller, also in ns.
 */
export function parseCpuStatV1(cpuStat: string, usage: { totalNs?: number; userNs?: number; systemNs?: number } = {}): CpuStats {
  const kv = parseKeyedFile(cpuStat);
  return {
    usageUsec: usage.totalNs === undefined ? null : nsToUs(usage.totalNs),
    userUsec: usage.userNs === undefined ? null : nsToUs(usage.userNs),
    systemUsec: usage.systemNs === undefined ? null : nsToUs(usage.systemNs),
    nrPeriods: kv.get('nr_periods') ?? 0,
    nrThrottled: kv.get('nr_throttled') ?? 0,
    throttledUsec: nsToUs(kv.get('throttled_time') ?? 0),
  };
}

/** v2 cpu.stat has usage and throttling together, all in µs. */
export function parseCpuStatV2(cpuStat: string): CpuStats {
  const kv = parseKeyedFile(cpuStat);
  return {
    usageUsec: kv.get('usage_usec') ?? null,
    userUsec: kv.get('user_usec') ?? null,
    systemUsec: kv.get('system_usec') ?? null,
    nrPeriods: kv.get('nr_periods') ?? 0,
    nrThrottled: kv.get('nr_throttled') ?? 0,
    throttledUsec: kv.get('throttled_usec') ?? 0,
  };
}
