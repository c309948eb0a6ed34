import { Hierarchy, type CgroupNode } from './cgroup/cgroup-node.js';
import type { CgroupHost } from './cgroup/cgroup-host.js';
import { CpuModel } from './cpu-model.js';
import { cpuPlacement } from './cgroup/cpu-placement.js';
import { CgroupNamespace, IpcNamespace, NetNamespace, PidNamespace, UtsNamespace, type NsSet } from './namespaces.js';
import { NetStack } from './net/net-stack.js';
import { SimProcess } from './process.js';
import { Scheduler, type ClockPace, type MacrotaskYield } from './scheduler.js';
import { bootVfs, fail, type FsView, type Vfs } from './vfs/index.js';

export interface MachineOptions {
  readonly seed?: number;
  /** Simulated CPU cores. */
  readonly ncpus?: number;
  readonly memoryBytes?: number;
  readonly hostname?: string;
  /** 'hybrid' (v1 controllers plus an empty cgroup2 at /sys/fs/cgroup/unified, like the lab machines) or 'v2'. */
  readonly cgroups?: 'hybrid' | 'v2';
  /** Whether the block layer has BFQ (default true): without it there are no blkio.bfq.weight files, as on hosts that have not loaded it. */
  readonly bfq?: boolean;
  /** Wall-clock ms at boot: the virtual clock starts here. */
  readonly bootEpochMs?: number;
  readonly yieldToHost?: MacrotaskYield;
  /**
   * 'free' (default): when nothing can run, the clock jumps to the next timer — tests and headless
   * labs finish in milliseconds. 'real-time': the clock never runs ahead of the wall clock, so a
   * learner reading between two steps does not see `sleep 600` end in an instant.
   */
  readonly pace?: ClockPace;
}

/** Clock ticks per second, as sysconf(_SC_CLK_TCK) says. */
export const CLK_TCK = 100;

const V1_LAYOUT: ReadonlyArray<readonly string[]> = [
  // cpu and cpuacct are separate hierarchies, as on the lab hosts.
  ['cpu'], ['cpuacct'], ['cpuset'], ['memory'], ['devices'], ['freezer'], ['blkio'], ['pids'], ['name=systemd'],
];

/**
 * One simulated computer: the virtual clock, the VFS, the process table with
 * its namespaces, the cgroup hierarchies and the network stacks. SimKernel is
 * the Kernel-shaped door to it; programs reach it through Sys.
 */
export class Machine implements CgroupHost {
  readonly sched: Scheduler;
  readonly vfs: Vfs;
  readonly ncpus: number;
  readonly bfq: boolean;
  readonly bootEpochMs: number;
  readonly hierarchies: Hierarchy[] = [];
  readonly procs = new Map<number, SimProcess>();
  readonly nsByInode = new Map<number, unknown>();
  /** Files that keep a namespace alive (`ip netns add`), by "dev:ino". */
  readonly nsFiles = new Map<string, NetNamespace>();
  readonly cpu: CpuModel;
  readonly hostNs: NsSet;
  readonly hostInit: SimProcess;
  /** The process making the current call: /proc/self and cgroup.procs are read as it sees them. */
  current: SimProcess;
  private hostRootView: FsView;
  /** uname(2) as a process sees it (the nodename is its UTS namespace's). */
  uname: (p: SimProcess) => { sysname: string; release: string; machine: string; nodename: string } = (p) => ({
    sysname: 'Linux', release: '6.18.0-sim', machine: 'x86_64', nodename: p.ns.uts.hostname,
  });

  constructor(readonly opts: MachineOptions = {}) {
    this.sched = new Scheduler(opts.yieldToHost, opts.pace);
    this.bootEpochMs = opts.bootEpochMs ?? 1_704_067_200_000;
    this.ncpus = opts.ncpus ?? 2;
    this.bfq = opts.bfq ?? true;
    const booted = bootVfs({ seed: opts.seed ?? 1, memoryBytes: opts.memoryBytes, clock: () => this.now() });
    this.vfs = booted.vfs;
    this.hostRootView = booted.init;
    let hid = 1;
    if ((opts.cgroups ?? 'hybrid') === 'hybrid') {
      for (const c of V1_LAYOUT) this.hierarchies.push(new Hierarchy(hid++, 1, c, c.join(',').replace('name=', '')));
      this.hierarchies.push(new Hierarchy(hid++, 2, [], 'unified'));
    } else {
      this.hierarchies.push(new Hierarchy(hid++, 2, ['cpuset', 'cpu', 'io', 'memory', 'hugetlb', 'pids', 'rdma', 'misc'], ''));
    }
    this.cpu = new CpuModel(this.sched, this.ncpus, cpuPlacement(this.hierarchies, this.ncpus));
    const pid = new PidNamespace(this.vfs, null);
    this.hostNs = {
      pid, pidForChildren: pid, uts: new UtsNamespace(this.vfs, opts.hostname ?? 'dockbook-sim'),
      ipc: new IpcNamespace(this.vfs), net: new NetNamespace(this.vfs, new NetStack(this.vfs.random, true)),
      cgroup: new CgroupNamespace(this.vfs, new Map(this.hierarchies.map((h) => [h.id, '/']))), mnt: booted.ns,
    };
    for (const ns of Object.values(this.hostNs)) this.registerNs(ns);
    this.hostNs.net.stack.loopbackUp();
    // The host routes between its links (Docker sets ip_forward=1); new namespaces copy it.
    this.hostNs.net.stack.forwarding = true;
    this.hostInit = this.newProcess(null, this.hostNs, booted.init);
    this.hostInit.comm = 'systemd';
    this.hostInit.argv = ['/sbin/init'];
    this.hostNs.pid.init = this.hostInit;
    for (const h of this.hierarchies) this.attach(this.hostInit, h.root);
    this.current = this.hostInit;
  }

  /** Wall-clock ms: boot time plus virtual time. */
  now(): number {
    return this.bootEpochMs + this.sched.now();
  }

  ticks(): number {
    return Math.floor((this.sched.now() * CLK_TCK) / 1000);
  }

  hierarchyWith(controller: string): Hierarchy | undefined {
    return this.hierarchies.find((h) => h.has(controller)) ?? this.hierarchies.find((h) => h.version === 2 && h.controllers.length > 0);
  }

  registerNs(ns: unknown): void {
    const inode = (ns as { inode?: number; id?: number }).inode ?? (ns as { id: number }).id;
    this.nsByInode.set(inode, ns);
  }

  /** A process with fresh pids in every pid namespace of `ns.pid`'s chain. */
  newProcess(parent: SimProcess | null, ns: NsSet, view: FsView): SimProcess {
    const hostPid = this.hostNs.pid.allocate();
    const p = new SimProcess(hostPid, parent, ns, view, this.ticks());
    for (const pidNs of ns.pid.chain()) {
      const n = pidNs === this.hostNs.pid ? hostPid : pidNs.allocate();
      p.pids.set(pidNs, n);
      pidNs.members.set(n, p);
    }
    this.procs.set(hostPid, p);
    parent?.children.add(p);
    return p;
  }

  /** Every cgroup of `proc`, checked against pids.max: fork's EAGAIN. */
  checkForkAllowed(parent: SimProcess): void {
    for (const node of parent.cgroups.values()) {
      for (const n of node.chain()) {
        if (n.allProcs().length + 1 > n.pidsMax) {
          n.pidsEventsMax++;
          fail('EAGAIN' as never);
        }
      }
    }
  }

  /** Moves a process into a cgroup of that cgroup's hierarchy. */
  attach(proc: SimProcess, node: CgroupNode): void {
    const h = node.hierarchy;
    if (h.version === 1 && h.has('cpuset') && node.parent && (node.cpus === '' || node.mems === '')) fail('ENOSPC');
    proc.cgroups.get(h.id)?.procs.delete(proc);
    proc.cgroups.set(h.id, node);
    node.procs.add(proc);
  }

  callerPidNs(): PidNamespace {
    return this.current.ns.pid;
  }

  processByPid(pid: number, ns: PidNamespace): SimProcess | null {
    const p = ns.members.get(pid);
    return p && p.alive ? p : null;
  }

  refreshCpu(node: CgroupNode): void {
    this.cpu.refresh(node);
  }

  /** Runs `fn` as if `proc` made the call. */
  as<T>(proc: SimProcess, fn: () => T): T {
    const before = this.current;
    this.current = proc;
    try {
      return fn();
    } finally {
      this.current = before;
    }
  }

  /** Takes an exited process out of every table; a pid namespace's init takes its namespace down with it. */
  release(p: SimProcess): void {
    for (const [ns, n] of p.pids) if (ns.members.get(n) === p) ns.members.delete(n);
    this.procs.delete(p.hostPid);
    for (const node of p.cgroups.values()) node.procs.delete(p);
    p.parent?.children.delete(p);
    const reaper = p.ns.pid.init && p.ns.pid.init !== p && p.ns.pid.init.alive ? p.ns.pid.init : this.hostInit;
    for (const c of p.children) {
      c.parent = reaper;
      reaper.children.add(c);
    }
    p.children.clear();
    if (p.ns.pid.init === p) {
      for (const other of p.ns.pid.members.values()) other.deliverFatal(9);
      for (const inner of [...this.procs.values()]) if (inner !== p && p.ns.pid.contains(inner.ns.pid)) inner.deliverFatal(9);
    }
  }

  /**
   * Charges new memory to a process. Past a memory cgroup's limit the OOM
   * killer picks the biggest process there and sends it SIGKILL, counting
   * it in that cgroup's oom_kill.
   */
  chargeMemory(proc: SimProcess, bytes: number): void {
    proc.rss += bytes;
    const h = this.hierarchyWith('memory');
    const node = h ? proc.cgroups.get(h.id) : undefined;
    for (const n of node?.chain() ?? []) {
      const usage = n.memUsage();
      n.memMaxUsage = Math.max(n.memMaxUsage, Math.min(usage, n.memLimit));
      if (usage <= n.memLimit) continue;
      n.memFailcnt++;
      n.oomKills++;
      const victim = n.allProcs().filter((p) => p.alive).sort((a, b) => b.rss - a.rss)[0] ?? proc;
      victim.rss = 0;
      victim.deliverFatal(9);
      if (victim !== proc) proc.rss = Math.max(0, proc.rss - bytes);
      return;
    }
  }

  hostView(): FsView {
    return this.hostRootView;
  }
}
