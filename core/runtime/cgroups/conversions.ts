import type { LinuxBlockDevice, LinuxBlockIO, LinuxDeviceCgroup, LinuxThrottleDevice } from './resources.js';

/**
 * Value conversions between OCI/Docker units and what the cgroup files take.
 * Each is a pure function of its inputs so that the flag table, the planner
 * and the UI all show the very same numbers.
 */

export const CPU_SHARES_MIN = 2;
export const CPU_SHARES_MAX = 262_144;
export const CPU_WEIGHT_MAX = 10_000;
export const BLKIO_WEIGHT_MIN = 10;
export const BLKIO_WEIGHT_MAX = 1000;
/** Docker's --cpus turns into a quota over this period. */
export const DEFAULT_CPU_PERIOD_US = 100_000;

/**
 * v1 cpu.shares (2–262144, default 1024) onto v2 cpu.weight (1–10000,
 * default 100) by a straight line through both ends, in integer arithmetic
 * as runc and crun do, so 1024 becomes 39 here exactly as it does there.
 */
export function cpuSharesToWeight(shares: number): number {
  // The kernel clamps shares into this range itself, so the same is done before mapping.
  const s = Math.min(Math.max(Math.trunc(shares), CPU_SHARES_MIN), CPU_SHARES_MAX);
  return 1 + Math.floor(((s - CPU_SHARES_MIN) * (CPU_WEIGHT_MAX - 1)) / (CPU_SHARES_MAX - CPU_SHARES_MIN));
}

/** v1 blkio weight (10–1000) onto v2 io.weight (1–10000), the same straight-line idea. */
export function blkioWeightToIoWeight(weight: number): number {
  const w = Math.min(Math.max(Math.trunc(weight), BLKIO_WEIGHT_MIN), BLKIO_WEIGHT_MAX);
  return 1 + Math.floor(((w - BLKIO_WEIGHT_MIN) * (CPU_WEIGHT_MAX - 1)) / (BLKIO_WEIGHT_MAX - BLKIO_WEIGHT_MIN));
}

/** Docker's --cpus=1.5: a quota of 1.5 periods per period. */
export function cpusToQuota(cpus: number, period: number = DEFAULT_CPU_PERIOD_US): { quota: number; period: number } {
  return { quota: Math.round(cpus * period), period };
}

/**
 * v2 cpu.max: "QUOTA PERIOD", with "max" for no quota. Without a period
 * only the quota is written, and the kernel keeps the period it had.
 */
export function cpuMaxValue(quota: number | undefined, period: number | undefined): string {
  const q = quota !== undefined && quota > 0 ? String(quota) : 'max';
  return period !== undefined && period > 0 ? `${q} ${period}` : q;
}

/** v1 memory files take -1 for unlimited; v2 files take the word max. */
export function memoryV1Value(bytes: number): string {
  return bytes < 0 ? '-1' : String(bytes);
}

export function memoryV2Value(bytes: number): string {
  return bytes < 0 ? 'max' : String(bytes);
}

/**
 * v2 memory.swap.max counts swap alone, while OCI (and v1 memsw) count
 * memory plus swap; so v2 gets the difference. The caller has checked that
 * swap ≥ limit > 0 (see validate.ts).
 */
export function swapMaxV2Value(swapTotal: number, memoryLimit: number): string {
  return swapTotal < 0 ? 'max' : String(swapTotal - memoryLimit);
}

export function pidsMaxValue(limit: number): string {
  return limit < 0 ? 'max' : String(limit);
}

export function deviceNumber(dev: LinuxBlockDevice): string {
  return `${dev.major}:${dev.minor}`;
}

/** One line of a v1 blkio.throttle.* file: "MAJ:MIN RATE" (0 lifts the limit). */
export function throttleV1Line(dev: LinuxThrottleDevice): string {
  return `${deviceNumber(dev)} ${dev.rate}`;
}

const IO_MAX_KEYS = [
  ['throttleReadBpsDevice', 'rbps'],
  ['throttleWriteBpsDevice', 'wbps'],
  ['throttleReadIOPSDevice', 'riops'],
  ['throttleWriteIOPSDevice', 'wiops'],
] as const;

/**
 * v2 io.max takes one device per write: "MAJ:MIN rbps=… wbps=… riops=… wiops=…".
 * The four v1 throttle lists are merged per device, in the order devices
 * first appear; a rate of 0 (v1's "no limit") becomes max.
 */
export function ioMaxLines(io: LinuxBlockIO): string[] {
  const byDevice = new Map<string, string[]>();
  for (const [field, key] of IO_MAX_KEYS) {
    for (const dev of io[field] ?? []) {
      const id = deviceNumber(dev);
      const parts = byDevice.get(id) ?? [];
      parts.push(`${key}=${dev.rate > 0 ? dev.rate : 'max'}`);
      byDevice.set(id, parts);
    }
  }
  return [...byDevice].map(([id, parts]) => `${id} ${parts.join(' ')}`);
}

/** A v1 devices.allow/devices.deny line: "c 1:3 rwm", "*" for any number, "a" alone for everything. */
export function deviceRuleLine(rule: LinuxDeviceCgroup): string {
  const type = rule.type ?? 'a';
  if (type === 'a') return 'a';
  const num = (n: number | null | undefined): string => (n === undefined || n === null || n < 0 ? '*' : String(n));
  return `${type} ${num(rule.major)}:${num(rule.minor)} ${rule.access ?? 'rwm'}`;
}
