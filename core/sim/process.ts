import type { CapabilitySets, ExitStatus } from '../kernel/types.js';
import type { CgroupNode } from './cgroup/cgroup-node.js';
import { FdTable } from './file-desc.js';
import type { NsSet, PidNamespace } from './namespaces.js';
import type { FsView } from './vfs/index.js';

/** Thrown inside a process's program when a signal ends it. */
export class Killed extends Error {
  constructor(readonly signal: number) {
    super(`killed by signal ${signal}`);
  }
}

export const FULL_CAPS = (1n << 41n) - 1n;
export const ROOT_CAPS: CapabilitySets = { bounding: FULL_CAPS, effective: FULL_CAPS, permitted: FULL_CAPS, inheritable: 0n, ambient: 0n };

/**
 * One simulated task: its pids (one per pid namespace it is visible in),
 * namespaces, filesystem view, credentials, descriptors and cgroups. What it
 * runs is an emulated program (programs/); blocking calls go through
 * `block()`, which is where a signal reaches it.
 */
export class SimProcess {
  parent: SimProcess | null;
  readonly children = new Set<SimProcess>();
  /** pid as seen from each namespace in its chain (the host's included). */
  readonly pids = new Map<PidNamespace, number>();
  comm = '';
  argv: string[] = [];
  env: Record<string, string> = {};
  exe = '';
  uid = 0;
  gid = 0;
  groups: number[] = [];
  caps: CapabilitySets = ROOT_CAPS;
  noNewPrivs = false;
  state: 'R' | 'S' | 'Z' = 'R';
  /** Clock ticks since boot when it started (field 22 of /proc/PID/stat). */
  readonly startTicks: number;
  fds = new FdTable();
  readonly cgroups = new Map<number, CgroupNode>();
  /** Bytes of memory it holds (charged to its memory cgroup). */
  rss = 0;
  /** CPU time used, in nanoseconds. */
  cpuNs = 0;
  oomScoreAdj = 0;
  exit: ExitStatus | null = null;
  readonly exited: Promise<ExitStatus>;
  private resolveExit!: (s: ExitStatus) => void;
  private killSignal: number | null = null;
  private readonly onKill = new Set<(sig: number) => void>();
  /** Children that exited and have not been waited for. */
  readonly zombies: SimProcess[] = [];
  readonly childExit = new Set<() => void>();

  constructor(
    readonly hostPid: number,
    parent: SimProcess | null,
    public ns: NsSet,
    public view: FsView,
    nowTicks: number,
  ) {
    this.parent = parent;
    this.startTicks = nowTicks;
    this.exited = new Promise((r) => { this.resolveExit = r; });
  }

  /** Its pid inside its own pid namespace (what `$$` shows). */
  get pid(): number {
    return this.pids.get(this.ns.pid) ?? this.hostPid;
  }

  pidIn(ns: PidNamespace): number | null {
    return this.pids.get(ns) ?? null;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  get killedBy(): number | null {
    return this.killSignal;
  }

  /** Throws if a fatal signal has arrived: called at every system call. */
  check(): void {
    if (this.killSignal !== null) throw new Killed(this.killSignal);
  }

  /** Delivers a fatal signal: whatever it waits on gives up at once. */
  deliverFatal(sig: number): void {
    if (this.killSignal !== null || this.exit) return;
    this.killSignal = sig;
    for (const f of [...this.onKill]) f(sig);
  }

  /** Awaits `p` unless a fatal signal comes first. */
  async block<T>(p: Promise<T>): Promise<T> {
    this.check();
    let off: (() => void) | undefined;
    const death = new Promise<never>((_, reject) => {
      const f = (sig: number): void => reject(new Killed(sig));
      this.onKill.add(f);
      off = () => this.onKill.delete(f);
    });
    this.state = 'S';
    try {
      return await Promise.race([p, death]);
    } finally {
      this.state = 'R';
      off?.();
    }
  }

  finish(status: ExitStatus): void {
    if (this.exit) return;
    this.exit = status;
    this.state = 'Z';
    this.fds.closeAll();
    this.view.close();
    this.resolveExit(status);
  }
}
