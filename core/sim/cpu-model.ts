import type { CgroupNode } from './cgroup/cgroup-node.js';
import type { SimProcess } from './process.js';
import type { Scheduler } from './scheduler.js';

/** Longest slice a process runs before the model looks again (ms of virtual time). */
const SLICE_MS = 1;

/**
 * CFS bandwidth control as kernel/sched/fair.c does it, per cgroup: each
 * period the group may run `quota` of CPU time; once that is used up its
 * tasks are throttled until the period ends. The counters are the kernel's:
 * nr_periods counts periods in which the group was active, nr_throttled
 * those in which it ran out, throttled_time the ns spent waiting.
 */
export class CpuModel {
  constructor(private readonly sched: Scheduler, private readonly cpuHierarchy: () => number | null) {}

  /** Closes the periods that ended before now. */
  refresh(n: CgroupNode): void {
    const c = n.cpu;
    const period = c.periodUs / 1000;
    const now = this.sched.now();
    if (now < c.periodStartMs + period) return;
    if (c.usedInPeriodUs > 0 || c.throttledThisPeriod) c.nrPeriods++;
    c.periodStartMs = now - ((now - c.periodStartMs) % period);
    c.usedInPeriodUs = 0;
    c.throttledThisPeriod = false;
  }

  /** Runs `ms` of CPU work for the process, in virtual time, throttled as its cgroup says. */
  async run(proc: SimProcess, ms: number): Promise<void> {
    let left = ms;
    while (left > 1e-9) {
      proc.check();
      const node = this.nodeOf(proc);
      if (node && node.chain().some((x) => x.frozen)) {
        await proc.block(this.sched.sleep(10));
        continue;
      }
      const limited = node?.chain().find((x) => x.cpu.quotaUs >= 0) ?? null;
      let slice = Math.min(left, SLICE_MS);
      if (limited) {
        const c = limited.cpu;
        // The period timer starts when the group first has work, not at boot.
        if (c.usageNs === 0 && c.nrPeriods === 0 && c.usedInPeriodUs === 0 && !c.throttledThisPeriod) c.periodStartMs = this.sched.now();
        this.refresh(limited);
        const periodEnd = c.periodStartMs + c.periodUs / 1000;
        const remaining = (c.quotaUs - c.usedInPeriodUs) / 1000;
        if (remaining <= 1e-9) {
          const wait = periodEnd - this.sched.now();
          if (!c.throttledThisPeriod) c.nrThrottled++;
          c.throttledThisPeriod = true;
          c.throttledNs += wait * 1e6;
          await proc.block(this.sched.sleep(wait));
          continue;
        }
        slice = Math.min(slice, remaining, periodEnd - this.sched.now());
      }
      await proc.block(this.sched.sleep(slice));
      this.charge(proc, node, limited, slice);
      left -= slice;
    }
  }

  private charge(proc: SimProcess, node: CgroupNode | null, limited: CgroupNode | null, ms: number): void {
    proc.cpuNs += ms * 1e6;
    for (const x of node?.chain() ?? []) x.cpu.usageNs += ms * 1e6;
    if (limited) limited.cpu.usedInPeriodUs += ms * 1000;
  }

  private nodeOf(proc: SimProcess): CgroupNode | null {
    const id = this.cpuHierarchy();
    return id === null ? null : (proc.cgroups.get(id) ?? null);
  }
}
