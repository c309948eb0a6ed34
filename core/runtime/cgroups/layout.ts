import type { MountInfo } from '../../kernel/types.js';

export interface CgroupHierarchy {
  readonly version: 1 | 2;
  readonly mountPoint: string;
  readonly controllers: readonly string[];
}

export interface CgroupLayout {
  /** v1 only, v2 only (unified), or both mounted side by side (hybrid). */
  readonly kind: 'v1' | 'v2' | 'hybrid' | 'none';
  readonly hierarchies: readonly CgroupHierarchy[];
}

const V1_CONTROLLERS = new Set([
  'cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'net_cls', 'blkio',
  'perf_event', 'net_prio', 'hugetlb', 'pids', 'rdma', 'misc',
]);

/**
 * Finds the cgroup hierarchies in a mount table. For a v2 hierarchy the
 * controllers come from its cgroup.controllers file, read by the caller.
 */
export function cgroupLayout(mounts: readonly MountInfo[], v2Controllers: (mountPoint: string) => readonly string[]): CgroupLayout {
  const hierarchies: CgroupHierarchy[] = [];
  const seen = new Set<string>();
  for (const m of mounts) {
    if (seen.has(m.mountPoint)) continue;
    if (m.fstype === 'cgroup') {
      seen.add(m.mountPoint);
      hierarchies.push({ version: 1, mountPoint: m.mountPoint, controllers: m.superOptions.filter((o) => V1_CONTROLLERS.has(o) || o.startsWith('name=')) });
    } else if (m.fstype === 'cgroup2') {
      seen.add(m.mountPoint);
      hierarchies.push({ version: 2, mountPoint: m.mountPoint, controllers: v2Controllers(m.mountPoint) });
    }
  }
  const v1 = hierarchies.some((h) => h.version === 1);
  const v2 = hierarchies.some((h) => h.version === 2);
  const kind = v1 && v2 ? 'hybrid' : v1 ? 'v1' : v2 ? 'v2' : 'none';
  return { kind, hierarchies };
}
