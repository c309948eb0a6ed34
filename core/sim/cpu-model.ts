import type { CgroupNode } from './cgroup/cgroup-node.js';
import type { SimProcess } from './process.js';
import type { Scheduler } from './scheduler.js';
import { assignCores, type Runnable } from './cpu-share.js';

/** Longest stretch of virtual time between two looks, so a freeze or a new limit takes effect soon. */
const MAX_STEP_MS = 10;
const EPS = 1e-9;

/** Where a process sits in the cgroup trees that matter to the CPU. */
export interface CpuPlacement {
  /** Its cgroup in the hierarchy carrying the cpu controller (shares, quota), or null. */
  cpuNode(p: SimProcess): CgroupNode | null;
  /** The cores its cpuset allows (every core when it has none). */
  cores(p: SimProcess): readonly number[];
  /** Every cgroup (with ancestors) whose CPU usage counter it is charged to: the cpu and cpuacct hierarchies. */
  accountedNodes(p: SimProcess): readonly CgroupNode[];
  /** Whether a freezer (v1) or cgroup.freeze (v2) holds it. */
  frozen(p: SimProcess): boolean;
}

interface Demand {
  readonly proc: SimProcess;
  readonly seq: number;
  /** CPU time still to run, in ms. */
  left: number;
  readonly done: () => void;
  /** CPU ms per virtual ms it gets until the next event. */
  rate: number;
  limited: CgroupNode | null;
}

/**
 * The simulated machine's CPUs: every process with CPU work to do is a
 * demand, and between two events (a demand done, a quota used up, a period
 * ending) each runs at a constant rate. The rates are CFS's: each runnable
 * task goes to the least loaded core its cpuset allows, and a core is split
 * by weight (the group's cpu.shares, shared among its runnable tasks). On
 * top, CFS bandwidth control as kernel/sched/fair.c does it: each period a
 * group may run `quota` of CPU time; once it is used up the group is
 * throttled until the period ends. The counters are the kernel's:
 * nr_periods counts periods in which the group was active, nr_throttled
 * those in which it ran out, throttled_time the ns it spent throttled.
 */
export class CpuModel {
  private demands: Demand[] = [];
  private seq = 0;
  private lastMs = 0;
  private cancelTimer: (() => void) | null = null;

  constructor(private readonly sched: Scheduler, private readonly ncpus: number, private readonly place: CpuPlacement) {}

  /** Brings a group's counters up to now: charges the work done so far and closes the periods that ended. */
  refresh(n: CgroupNode): void {
    this.settle();
    this.closePeriods(n);
  }

  /** Runs `ms` of CPU work for the process, taking as long in virtual time as the CPUs' sharing and limits say. */
  async run(proc: SimProcess, ms: number): Promise<void> {
    proc.check();
    if (ms <= EPS) return;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => { done = resolve; });
    this.settle();
    const d: Demand = { proc, seq: this.seq++, left: ms, done, rate: 0, limited: null };
    this.demands.push(d);
    this.plan();
    try {
      await proc.block(finished);
    } finally {
      if (this.demands.includes(d)) {
        this.settle();
        this.demands = this.demands.filter((x) => x !== d);
        this.plan();
      }
    }
  }

  /** Charges every demand its rate × the time since the last look, and throttles groups that ran out. */
  private settle(): void {
    const now = this.sched.now();
    const dt = now - this.lastMs;
    this.lastMs = now;
    if (dt <= 0) return;
    for (const d of this.demands) {
      if (d.rate <= 0) continue;
      const used = Math.min(d.left, d.rate * dt);
      d.left -= used;
      d.proc.cpuNs += used * 1e6;
      for (const n of this.place.accountedNodes(d.proc)) n.cpu.usageNs += used * 1e6;
      if (d.limited) d.limited.cpu.usedInPeriodUs += used * 1000;
    }
    for (const g of new Set(this.demands.map((d) => d.limited))) {
      // Using up the quota just as the period ends is not a throttle: the next period refills it at once.
      const periodLeft = g ? g.cpu.periodStartMs + g.cpu.periodUs / 1000 - now : 0;
      if (g && g.cpu.quotaUs - g.cpu.usedInPeriodUs <= EPS * 1000 && g.cpu.throttledAtMs === null && periodLeft > EPS) this.throttle(g, now);
    }
  }

  private throttle(g: CgroupNode, now: number): void {
    g.cpu.throttledAtMs = now;
    g.cpu.nrThrottled++;
  }

  private closePeriods(g: CgroupNode): void {
    const c = g.cpu;
    const period = c.periodUs / 1000;
    const now = this.sched.now();
    if (now < c.periodStartMs + period - EPS) return;
    const end = c.periodStartMs + period;
    if (c.usedInPeriodUs > 0 || c.throttledAtMs !== null) c.nrPeriods++;
    if (c.throttledAtMs !== null) c.throttledNs += (end - c.throttledAtMs) * 1e6;
    // Periods keep their grid: the timer is forwarded, not restarted, when a group wakes up.
    c.periodStartMs = end + Math.floor((now - end + EPS) / period) * period;
    c.usedInPeriodUs = 0;
    c.throttledAtMs = null;
  }

  /** Decides each demand's rate until the next event, finishes what is done, and sets the timer for that event. */
  private plan(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    const now = this.sched.now();
    for (const d of this.demands.filter((x) => x.left <= EPS)) d.done();
    this.demands = this.demands.filter((x) => x.left > EPS && x.proc.alive);
    if (this.demands.length === 0) return;
    const runnable: Runnable[] = [];
    for (const d of this.demands) {
      d.rate = 0;
      const node = this.place.cpuNode(d.proc);
      d.limited = node?.chain().find((x) => x.cpu.quotaUs >= 0) ?? null;
      if (d.limited) {
        const c = d.limited.cpu;
        // The period timer starts when the group first has work, not at boot.
        if (c.nrPeriods === 0 && c.usedInPeriodUs === 0 && c.throttledAtMs === null && c.usageNs === 0) c.periodStartMs = now;
        this.closePeriods(d.limited);
        if (c.throttledAtMs === null && c.quotaUs - c.usedInPeriodUs <= EPS * 1000) this.throttle(d.limited, now);
        if (c.throttledAtMs !== null) continue;
      }
      if (this.place.frozen(d.proc)) continue;
      runnable.push({ key: d.seq, group: node, shares: node?.cpu.shares ?? 1024, cores: this.place.cores(d.proc) });
    }
    const rates = assignCores(runnable, this.ncpus);
    for (const d of this.demands) d.rate = rates.get(d.seq) ?? 0;
    let next = MAX_STEP_MS;
    const groupRate = new Map<CgroupNode, number>();
    for (const d of this.demands) {
      if (d.rate > 0) next = Math.min(next, d.left / d.rate);
      if (d.limited) {
        groupRate.set(d.limited, (groupRate.get(d.limited) ?? 0) + d.rate);
        next = Math.min(next, d.limited.cpu.periodStartMs + d.limited.cpu.periodUs / 1000 - now);
      }
    }
    for (const [g, rate] of groupRate) if (rate > 0) next = Math.min(next, (g.cpu.quotaUs - g.cpu.usedInPeriodUs) / 1000 / rate);
    this.cancelTimer = this.sched.at(Math.max(next, EPS), () => {
      this.cancelTimer = null;
      this.settle();
      this.plan();
    });
  }
}
