import {
  blkioWeightToIoWeight, cpuMaxValue, cpuSharesToWeight, deviceNumber, deviceRuleLine, ioMaxLines,
  memoryV1Value, memoryV2Value, pidsMaxValue, swapMaxV2Value, throttleV1Line,
} from './conversions.js';
import type { LinuxBlockIO, LinuxResources, LinuxThrottleDevice } from './resources.js';

/**
 * One write into a cgroup's directory, before it is tied to a host path.
 * The file name alone also says which controller it belongs to: the part
 * before the first dot (memory.max → memory, cgroup.freeze → cgroup).
 */
export interface PlannedWrite {
  readonly file: string;
  readonly value: string;
  /** The same setting under another name, tried when `file` is absent (BFQ's blkio.bfq.weight on kernels without CFQ). */
  readonly fallback?: { readonly file: string; readonly value: string };
  /** Why a host may lack this file; when it does, the write is reported as not applied instead of failing. */
  readonly ifMissing?: string;
  /** Set when no cgroup file can do this at all: the write is reported, never attempted. */
  readonly impossible?: string;
}

export interface FlagMapping {
  /** The `docker run` flag(s). */
  readonly flag: string;
  /** The field under the OCI config's linux.resources. */
  readonly oci: string;
  readonly v1: { readonly files: readonly string[]; readonly conversion: string };
  readonly v2: { readonly files: readonly string[]; readonly conversion: string };
  /** The OCI value, as text; null when the field is unset. */
  readonly ociValue: (r: LinuxResources) => string | null;
  /** The writes on each cgroup version, in the order they must happen; empty when unset. */
  readonly toV1: (r: LinuxResources) => readonly PlannedWrite[];
  readonly toV2: (r: LinuxResources) => readonly PlannedWrite[];
}

const NO_MEMSW = 'memory.memsw.* is missing: the kernel does not account swap (boot with swapaccount=1, or build with CONFIG_MEMCG_SWAP)';
const NO_SWAP_MAX = 'memory.swap.max is missing: the kernel does not account swap';
const NO_BFQ_V1 = 'neither blkio.weight (CFQ) nor blkio.bfq.weight (BFQ) exists: no proportional I/O scheduler in this kernel';
const NO_IO_WEIGHT = 'neither io.weight (iocost) nor io.bfq.weight (BFQ) exists: no proportional I/O control in this kernel';
const V2_DEVICES = 'cgroup v2 has no devices files: access is checked by an eBPF program (BPF_PROG_TYPE_CGROUP_DEVICE) attached to the cgroup, which file writes cannot install';

const set = (n: number | undefined): n is number => n !== undefined && n !== 0;
const text = (n: number | undefined): string | null => (set(n) ? String(n) : null);
const w = (file: string, value: string, extra: Omit<PlannedWrite, 'file' | 'value'> = {}): PlannedWrite => ({ file, value, ...extra });

function throttleRow(flag: string, field: keyof LinuxBlockIO & `throttle${string}`, v1File: string, key: string): FlagMapping {
  const list = (r: LinuxResources): readonly LinuxThrottleDevice[] => r.blockIO?.[field] ?? [];
  return {
    flag,
    oci: `blockIO.${field}`,
    v1: { files: [v1File], conversion: 'one "MAJ:MIN RATE" line per device, one write each; 0 lifts the limit' },
    v2: { files: ['io.max'], conversion: `${key}=RATE in the device's io.max line ("MAJ:MIN rbps=… wbps=… riops=… wiops=…"), all four flags merged per device; 0 becomes max` },
    ociValue: (r) => (list(r).length ? list(r).map((d) => `${deviceNumber(d)}=${d.rate}`).join(', ') : null),
    toV1: (r) => list(r).map((d) => w(v1File, throttleV1Line(d))),
    toV2: (r) => (list(r).length && r.blockIO ? ioMaxLines(r.blockIO).map((line) => w('io.max', line)) : []),
  };
}

/**
 * Docker flag → OCI field → cgroup v1 file → cgroup v2 file, with the value
 * conversion of each. The order of the rows is the order of the writes, which
 * matters: the period before the quota, memory.limit_in_bytes before
 * memory.memsw.limit_in_bytes, cpuset.cpus before cpuset.mems, devices.deny
 * "a" before the allow rules.
 */
export const FLAG_TABLE: readonly FlagMapping[] = [
  {
    flag: '--cpu-shares',
    oci: 'cpu.shares',
    v1: { files: ['cpu.shares'], conversion: 'as is (the kernel clamps to 2–262144)' },
    v2: { files: ['cpu.weight'], conversion: 'weight = 1 + ((shares − 2) × 9999) / 262142, rounded down (1024 → 39)' },
    ociValue: (r) => text(r.cpu?.shares),
    toV1: (r) => (set(r.cpu?.shares) ? [w('cpu.shares', String(r.cpu.shares))] : []),
    toV2: (r) => (set(r.cpu?.shares) ? [w('cpu.weight', String(cpuSharesToWeight(r.cpu.shares)))] : []),
  },
  {
    flag: '--cpu-period',
    oci: 'cpu.period',
    v1: { files: ['cpu.cfs_period_us'], conversion: 'as is, in µs' },
    v2: { files: ['cpu.max'], conversion: '"QUOTA PERIOD" (quota max when unset)' },
    ociValue: (r) => text(r.cpu?.period),
    toV1: (r) => (set(r.cpu?.period) ? [w('cpu.cfs_period_us', String(r.cpu.period))] : []),
    toV2: (r) => (set(r.cpu?.period) ? [w('cpu.max', cpuMaxValue(r.cpu.quota, r.cpu.period))] : []),
  },
  {
    flag: '--cpu-quota',
    oci: 'cpu.quota',
    v1: { files: ['cpu.cfs_quota_us'], conversion: 'as is, in µs; -1 for no limit' },
    v2: { files: ['cpu.max'], conversion: '"QUOTA PERIOD", or "max PERIOD" for no limit; the period is kept when unset' },
    ociValue: (r) => text(r.cpu?.quota),
    toV1: (r) => (set(r.cpu?.quota) ? [w('cpu.cfs_quota_us', String(r.cpu.quota))] : []),
    toV2: (r) => (set(r.cpu?.quota) ? [w('cpu.max', cpuMaxValue(r.cpu.quota, r.cpu.period))] : []),
  },
  {
    flag: '--cpus',
    oci: 'cpu.quota + cpu.period',
    v1: { files: ['cpu.cfs_period_us', 'cpu.cfs_quota_us'], conversion: 'Docker sets period 100000 and quota = cpus × 100000 (1.5 → 150000)' },
    v2: { files: ['cpu.max'], conversion: '"cpus×100000 100000" (1.5 → "150000 100000")' },
    ociValue: (r) => (set(r.cpu?.quota) && r.cpu.quota > 0 && set(r.cpu.period) ? String(r.cpu.quota / r.cpu.period) : null),
    toV1: (r) => (set(r.cpu?.quota) && set(r.cpu.period)
      ? [w('cpu.cfs_period_us', String(r.cpu.period)), w('cpu.cfs_quota_us', String(r.cpu.quota))] : []),
    toV2: (r) => (set(r.cpu?.quota) && set(r.cpu.period) ? [w('cpu.max', cpuMaxValue(r.cpu.quota, r.cpu.period))] : []),
  },
  {
    flag: '--cpuset-cpus',
    oci: 'cpu.cpus',
    v1: { files: ['cpuset.cpus'], conversion: 'as is ("0-2,5")' },
    v2: { files: ['cpuset.cpus'], conversion: 'as is' },
    ociValue: (r) => r.cpu?.cpus || null,
    toV1: (r) => (r.cpu?.cpus ? [w('cpuset.cpus', r.cpu.cpus)] : []),
    toV2: (r) => (r.cpu?.cpus ? [w('cpuset.cpus', r.cpu.cpus)] : []),
  },
  {
    flag: '--cpuset-mems',
    oci: 'cpu.mems',
    v1: { files: ['cpuset.mems'], conversion: 'as is' },
    v2: { files: ['cpuset.mems'], conversion: 'as is' },
    ociValue: (r) => r.cpu?.mems || null,
    toV1: (r) => (r.cpu?.mems ? [w('cpuset.mems', r.cpu.mems)] : []),
    toV2: (r) => (r.cpu?.mems ? [w('cpuset.mems', r.cpu.mems)] : []),
  },
  {
    flag: '--memory',
    oci: 'memory.limit',
    v1: { files: ['memory.limit_in_bytes'], conversion: 'bytes; -1 for unlimited' },
    v2: { files: ['memory.max'], conversion: 'bytes; max for unlimited' },
    ociValue: (r) => text(r.memory?.limit),
    toV1: (r) => (set(r.memory?.limit) ? [w('memory.limit_in_bytes', memoryV1Value(r.memory.limit))] : []),
    toV2: (r) => (set(r.memory?.limit) ? [w('memory.max', memoryV2Value(r.memory.limit))] : []),
  },
  {
    flag: '--memory-swap',
    oci: 'memory.swap',
    v1: { files: ['memory.memsw.limit_in_bytes'], conversion: 'memory + swap in bytes, as is; -1 for unlimited; written after the memory limit' },
    v2: { files: ['memory.swap.max'], conversion: 'swap alone: OCI swap − memory limit; max for unlimited' },
    ociValue: (r) => text(r.memory?.swap),
    toV1: (r) => (set(r.memory?.swap) ? [w('memory.memsw.limit_in_bytes', memoryV1Value(r.memory.swap), { ifMissing: NO_MEMSW })] : []),
    toV2: (r) => (set(r.memory?.swap)
      ? [w('memory.swap.max', swapMaxV2Value(r.memory.swap, r.memory.limit ?? 0), { ifMissing: NO_SWAP_MAX })] : []),
  },
  {
    flag: '--memory-reservation',
    oci: 'memory.reservation',
    v1: { files: ['memory.soft_limit_in_bytes'], conversion: 'bytes; -1 for none' },
    v2: { files: ['memory.low'], conversion: 'bytes; max for all of it' },
    ociValue: (r) => text(r.memory?.reservation),
    toV1: (r) => (set(r.memory?.reservation) ? [w('memory.soft_limit_in_bytes', memoryV1Value(r.memory.reservation))] : []),
    toV2: (r) => (set(r.memory?.reservation) ? [w('memory.low', memoryV2Value(r.memory.reservation))] : []),
  },
  {
    flag: '--memory-swappiness',
    oci: 'memory.swappiness',
    v1: { files: ['memory.swappiness'], conversion: 'as is, 0–100' },
    v2: { files: [], conversion: 'none: cgroup v2 has no per-group swappiness' },
    ociValue: (r) => (r.memory?.swappiness === undefined ? null : String(r.memory.swappiness)),
    toV1: (r) => (r.memory?.swappiness === undefined ? [] : [w('memory.swappiness', String(r.memory.swappiness))]),
    toV2: (r) => (r.memory?.swappiness === undefined ? []
      : [w('memory.swappiness', String(r.memory.swappiness), { impossible: 'cgroup v2 has no per-group swappiness; the global vm.swappiness applies' })]),
  },
  {
    flag: '--oom-kill-disable',
    oci: 'memory.disableOOMKiller',
    v1: { files: ['memory.oom_control'], conversion: 'true → 1 (oom_kill_disable); false leaves the OOM killer on' },
    v2: { files: [], conversion: 'none: cgroup v2 cannot turn the OOM killer off for a group' },
    ociValue: (r) => (r.memory?.disableOOMKiller ? 'true' : null),
    toV1: (r) => (r.memory?.disableOOMKiller ? [w('memory.oom_control', '1')] : []),
    toV2: (r) => (r.memory?.disableOOMKiller
      ? [w('memory.oom_control', '1', { impossible: 'cgroup v2 has no oom_kill_disable: past memory.max the kernel always OOM-kills (memory.oom.group only chooses whether the whole group goes)' })] : []),
  },
  {
    flag: '--pids-limit',
    oci: 'pids.limit',
    v1: { files: ['pids.max'], conversion: 'as is; -1 becomes max' },
    v2: { files: ['pids.max'], conversion: 'as is; -1 becomes max' },
    ociValue: (r) => text(r.pids?.limit),
    toV1: (r) => (set(r.pids?.limit) ? [w('pids.max', pidsMaxValue(r.pids.limit))] : []),
    toV2: (r) => (set(r.pids?.limit) ? [w('pids.max', pidsMaxValue(r.pids.limit))] : []),
  },
  {
    flag: '--blkio-weight',
    oci: 'blockIO.weight',
    v1: { files: ['blkio.weight', 'blkio.bfq.weight'], conversion: 'as is, 10–1000 (blkio.bfq.weight when the kernel has BFQ but not CFQ)' },
    v2: { files: ['io.weight', 'io.bfq.weight'], conversion: '"default W", W = 1 + (weight − 10) × 9999 / 990 (io.bfq.weight takes the weight as is)' },
    ociValue: (r) => text(r.blockIO?.weight),
    toV1: (r) => (set(r.blockIO?.weight)
      ? [w('blkio.weight', String(r.blockIO.weight), { fallback: { file: 'blkio.bfq.weight', value: String(r.blockIO.weight) }, ifMissing: NO_BFQ_V1 })] : []),
    toV2: (r) => (set(r.blockIO?.weight)
      ? [w('io.weight', `default ${blkioWeightToIoWeight(r.blockIO.weight)}`, { fallback: { file: 'io.bfq.weight', value: `default ${r.blockIO.weight}` }, ifMissing: NO_IO_WEIGHT })] : []),
  },
  {
    flag: '--blkio-weight-device',
    oci: 'blockIO.weightDevice',
    v1: { files: ['blkio.weight_device', 'blkio.bfq.weight_device'], conversion: '"MAJ:MIN WEIGHT", one write per device' },
    v2: { files: ['io.weight', 'io.bfq.weight'], conversion: '"MAJ:MIN W", W converted as for --blkio-weight' },
    ociValue: (r) => (r.blockIO?.weightDevice?.length ? r.blockIO.weightDevice.map((d) => `${deviceNumber(d)}=${d.weight}`).join(', ') : null),
    toV1: (r) => (r.blockIO?.weightDevice ?? []).map((d) => w('blkio.weight_device', `${deviceNumber(d)} ${d.weight}`,
      { fallback: { file: 'blkio.bfq.weight_device', value: `${deviceNumber(d)} ${d.weight}` }, ifMissing: NO_BFQ_V1 })),
    toV2: (r) => (r.blockIO?.weightDevice ?? []).map((d) => w('io.weight', `${deviceNumber(d)} ${blkioWeightToIoWeight(d.weight)}`,
      { fallback: { file: 'io.bfq.weight', value: `${deviceNumber(d)} ${d.weight}` }, ifMissing: NO_IO_WEIGHT })),
  },
  throttleRow('--device-read-bps', 'throttleReadBpsDevice', 'blkio.throttle.read_bps_device', 'rbps'),
  throttleRow('--device-write-bps', 'throttleWriteBpsDevice', 'blkio.throttle.write_bps_device', 'wbps'),
  throttleRow('--device-read-iops', 'throttleReadIOPSDevice', 'blkio.throttle.read_iops_device', 'riops'),
  throttleRow('--device-write-iops', 'throttleWriteIOPSDevice', 'blkio.throttle.write_iops_device', 'wiops'),
  {
    flag: '--device, --device-cgroup-rule',
    oci: 'devices',
    v1: { files: ['devices.deny', 'devices.allow'], conversion: 'deny "a" (everything) first, then each rule to devices.allow or devices.deny: "c 1:3 rwm", * for any number' },
    v2: { files: [], conversion: 'none: an eBPF program, which file writes cannot install' },
    ociValue: (r) => (r.devices ? r.devices.map((d) => `${d.allow ? 'allow' : 'deny'} ${deviceRuleLine(d)}`).join(', ') : null),
    toV1: (r) => (r.devices
      ? [w('devices.deny', 'a'), ...r.devices.map((d) => w(d.allow ? 'devices.allow' : 'devices.deny', deviceRuleLine(d)))] : []),
    toV2: (r) => (r.devices
      ? [w('BPF_PROG_TYPE_CGROUP_DEVICE', ['deny a', ...r.devices.map((d) => `${d.allow ? 'allow' : 'deny'} ${deviceRuleLine(d)}`)].join('; '), { impossible: V2_DEVICES })] : []),
  },
];

/** The flag table as plain data with the values a given config produces, for the UI. */
export interface FlagTableRow {
  readonly flag: string;
  readonly oci: string;
  readonly ociValue: string | null;
  readonly v1: { readonly files: readonly string[]; readonly conversion: string; readonly writes: readonly PlannedWrite[] };
  readonly v2: { readonly files: readonly string[]; readonly conversion: string; readonly writes: readonly PlannedWrite[] };
}

export function flagTableFor(r: LinuxResources): FlagTableRow[] {
  return FLAG_TABLE.map((m) => ({
    flag: m.flag,
    oci: `linux.resources.${m.oci}`,
    ociValue: m.ociValue(r),
    v1: { ...m.v1, writes: m.toV1(r) },
    v2: { ...m.v2, writes: m.toV2(r) },
  }));
}
