/**
 * The part of the OCI runtime spec's `linux.resources` that dockbook applies.
 * Field names and meanings follow the spec (config-linux.md), so a config.json
 * read from disk fits these types as it is. A field left out means "leave the
 * kernel's value alone"; so does 0 where the spec says so (shares, quota,
 * period, pids limit, blkio weight).
 */
export interface LinuxResources {
  readonly memory?: LinuxMemory;
  readonly cpu?: LinuxCpu;
  readonly pids?: LinuxPids;
  readonly blockIO?: LinuxBlockIO;
  /** Applied in order on top of "deny everything". */
  readonly devices?: readonly LinuxDeviceCgroup[];
}

export interface LinuxMemory {
  /** Bytes; -1 means unlimited. */
  readonly limit?: number;
  /** Soft limit in bytes: what the kernel tries to leave the group under pressure. */
  readonly reservation?: number;
  /** Memory plus swap, in bytes (not swap alone); -1 means unlimited. */
  readonly swap?: number;
  /** 0–100: how eagerly the kernel swaps this group's anonymous memory. */
  readonly swappiness?: number;
  /** True: past the limit the group's tasks wait for memory instead of being OOM-killed (v1 only). */
  readonly disableOOMKiller?: boolean;
}

export interface LinuxCpu {
  /** Relative weight against sibling groups (Docker's default is 1024). */
  readonly shares?: number;
  /** Microseconds of CPU time per period; -1 means no limit. */
  readonly quota?: number;
  /** Length of a quota period in microseconds. */
  readonly period?: number;
  /** CPUs the group may run on, in list form: "0-2,5". */
  readonly cpus?: string;
  /** NUMA memory nodes the group may allocate from, in list form. */
  readonly mems?: string;
}

export interface LinuxPids {
  /** Maximum number of tasks; -1 means unlimited, 0 leaves it alone. */
  readonly limit: number;
}

export interface LinuxBlockIO {
  /** 10–1000, the group's share of disk time. */
  readonly weight?: number;
  readonly weightDevice?: readonly LinuxWeightDevice[];
  readonly throttleReadBpsDevice?: readonly LinuxThrottleDevice[];
  readonly throttleWriteBpsDevice?: readonly LinuxThrottleDevice[];
  readonly throttleReadIOPSDevice?: readonly LinuxThrottleDevice[];
  readonly throttleWriteIOPSDevice?: readonly LinuxThrottleDevice[];
}

export interface LinuxBlockDevice {
  readonly major: number;
  readonly minor: number;
}

export interface LinuxWeightDevice extends LinuxBlockDevice {
  /** 10–1000 for this device only. */
  readonly weight: number;
}

export interface LinuxThrottleDevice extends LinuxBlockDevice {
  /** Bytes or operations per second; 0 removes the limit. */
  readonly rate: number;
}

export interface LinuxDeviceCgroup {
  readonly allow: boolean;
  /** a (all), c (char) or b (block); all when left out. */
  readonly type?: 'a' | 'c' | 'b';
  /** Left out, null or -1: any major. */
  readonly major?: number | null;
  /** Left out, null or -1: any minor. */
  readonly minor?: number | null;
  /** Some of r (read), w (write), m (mknod); rwm when left out. */
  readonly access?: string;
}
