import type { CpuStats } from './cpu-stat.js';
import type { MemoryStatBits } from './memory-stat.js';
import type { LinuxResources } from './resources.js';

/** One entry of what apply() did, in order: a write, or a setting it could not make and why. */
export interface AppliedWrite {
  /** The Docker flags behind it (several flags can share one write). */
  readonly flags: readonly string[];
  /** The file written, as an absolute path; for a setting no file can make, the mechanism that would. */
  readonly file: string;
  readonly value: string;
  readonly applied: boolean;
  /** Why it was not applied. */
  readonly reason?: string;
}

export interface MemoryStats {
  readonly usageBytes: number;
  /** Null: unlimited. */
  readonly limitBytes: number | null;
  /** Peak usage; null when the kernel does not keep it (v2 before 5.19). */
  readonly maxUsageBytes: number | null;
  /** Processes the OOM killer killed in this group; null when the kernel does not count them. */
  readonly oomKills: number | null;
  readonly stat: MemoryStatBits;
}

export interface PidsStats {
  readonly current: number;
  /** Null: unlimited. */
  readonly limit: number | null;
}

/** What a cgroup has used; a part is null when its controller is not there for this group. */
export interface CgroupStats {
  readonly cpu: CpuStats | null;
  readonly memory: MemoryStats | null;
  readonly pids: PidsStats | null;
}

/**
 * A container's cgroup, driven through cgroupfs files. The same calls work
 * on v1 (a directory per controller hierarchy) and v2 (one directory in the
 * unified tree), so the runtime does not care which the host has.
 */
export interface CgroupManager {
  readonly version: 1 | 2;
  /** The OCI linux.cgroupsPath, relative to each hierarchy root. */
  readonly cgroupsPath: string;
  /** The cgroup's directory for each controller (v1), or under "unified" (v2). */
  paths(): Readonly<Record<string, string>>;
  /** Makes the directories (and on v2 hands controllers down); on failure removes what it made. */
  create(): Promise<void>;
  /** Moves a process (all its threads) into the cgroup, in every hierarchy. */
  addProcess(pid: number): Promise<void>;
  /**
   * Writes the limits, in order, and returns every write it made and every
   * setting it could not make on this host. If it fails on a cgroup this
   * manager created and no process has joined yet, the directories are removed.
   */
  apply(resources: LinuxResources): Promise<AppliedWrite[]>;
  stats(): Promise<CgroupStats>;
  /** Processes in the cgroup and in any cgroups below it, ascending. */
  pids(): Promise<number[]>;
  /** Whether any process is in the cgroup or below it; false once the cgroup is gone. */
  populated(): Promise<boolean>;
  /**
   * SIGKILLs every process in the cgroup and below it. On v2 (Linux 5.14+)
   * that is one write to cgroup.kill, which the kernel applies to the whole
   * subtree at once, so a process forking meanwhile cannot slip past it.
   */
  killAll(): Promise<void>;
  /** Stops every process in the group; resolves once the kernel says it is frozen. */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  /**
   * Removes the cgroup (and any below it) bottom-up in every hierarchy, and
   * the parent levels this manager made if they are empty. Refuses, removing
   * nothing, while any process is still inside.
   */
  destroy(): Promise<void>;
  /** Whether the cgroup's directory exists in any hierarchy. */
  exists(): Promise<boolean>;
}

export { chooseCgroupManager } from './choose.js';
