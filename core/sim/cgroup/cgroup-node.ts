import type { SimProcess } from '../process.js';
import type { DeviceRule } from './device-rules.js';

/** A cgroup hierarchy: one v1 mount's controllers, or the unified v2 tree. */
export class Hierarchy {
  readonly root: CgroupNode;

  constructor(readonly id: number, readonly version: 1 | 2, readonly controllers: readonly string[], readonly name: string) {
    this.root = new CgroupNode(this, '', null);
  }

  has(controller: string): boolean {
    return this.controllers.includes(controller);
  }
}

export const UNLIMITED = Number.POSITIVE_INFINITY;

/** CFS bandwidth bookkeeping (kernel/sched/fair.c's cfs_bandwidth, in ns). */
export interface CpuState {
  periodUs: number;
  /** -1: no limit. */
  quotaUs: number;
  shares: number;
  usageNs: number;
  nrPeriods: number;
  nrThrottled: number;
  throttledNs: number;
  /** Start of the period the runtime below was counted in, in virtual ms. */
  periodStartMs: number;
  usedInPeriodUs: number;
  /** When the group ran out of quota in this period (virtual ms); null while it may run. */
  throttledAtMs: number | null;
}

/**
 * One cgroup: a directory in a hierarchy, the processes in it, and the state
 * of every controller the hierarchy carries (unused ones sit idle).
 */
export class CgroupNode {
  readonly children = new Map<string, CgroupNode>();
  readonly procs = new Set<SimProcess>();
  memLimit = UNLIMITED;
  memswLimit = UNLIMITED;
  memSoftLimit = UNLIMITED;
  swappiness = 60;
  memMaxUsage = 0;
  memFailcnt = 0;
  oomKills = 0;
  pidsMax = UNLIMITED;
  pidsEventsMax = 0;
  cpu: CpuState = { periodUs: 100_000, quotaUs: -1, shares: 1024, usageNs: 0, nrPeriods: 0, nrThrottled: 0, throttledNs: 0, periodStartMs: 0, usedInPeriodUs: 0, throttledAtMs: null };
  cpus = '';
  mems = '';
  devices: DeviceRule[];
  frozen = false;
  /** v2: controllers handed down to children (cgroup.subtree_control). */
  subtreeControl = new Set<string>();
  /** Files written that the model keeps but does not act on (blkio throttles, swappiness…). */
  readonly plain = new Map<string, string>();

  constructor(readonly hierarchy: Hierarchy, readonly name: string, readonly parent: CgroupNode | null) {
    this.devices = parent ? parent.devices.map((r) => ({ ...r })) : [{ allow: true, type: 'a', major: -1, minor: -1, access: 'rwm' }];
  }

  /** Path from the hierarchy root, `/` for the root. */
  path(): string {
    const parts: string[] = [];
    for (let n: CgroupNode | null = this; n && n.parent; n = n.parent) parts.unshift(n.name);
    return `/${parts.join('/')}`;
  }

  /** This cgroup and its ancestors, innermost first. */
  chain(): CgroupNode[] {
    const out: CgroupNode[] = [];
    for (let n: CgroupNode | null = this; n; n = n.parent) out.push(n);
    return out;
  }

  /** Every process here and below. */
  allProcs(): SimProcess[] {
    const out = [...this.procs];
    for (const c of this.children.values()) out.push(...c.allProcs());
    return out;
  }

  memUsage(): number {
    return this.allProcs().reduce((s, p) => s + p.rss, 0);
  }

  lookup(path: string): CgroupNode | null {
    let n: CgroupNode | null = this;
    for (const part of path.split('/').filter(Boolean)) n = n?.children.get(part) ?? null;
    return n;
  }
}
