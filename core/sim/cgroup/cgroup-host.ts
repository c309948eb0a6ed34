import type { PidNamespace } from '../namespaces.js';
import type { SimProcess } from '../process.js';
import type { CgroupNode } from './cgroup-node.js';

/** What cgroup files need from the machine: who is asking, and how to move a process. */
export interface CgroupHost {
  /** The pid namespace of the process making the current call (pids are shown and taken in it). */
  callerPidNs(): PidNamespace;
  processByPid(pid: number, ns: PidNamespace): SimProcess | null;
  /** Moves a process into `node` in that node's hierarchy (fails with an FsErrno to refuse). */
  attach(proc: SimProcess, node: CgroupNode): void;
  /** Brings CFS bandwidth counters up to the current virtual time. */
  refreshCpu(node: CgroupNode): void;
  readonly ncpus: number;
  /** BFQ is loaded: its weight files exist. */
  readonly bfq: boolean;
}

export const PAGE = 4096;
/** What v1 shows for "no limit": LONG_MAX rounded down to a page. */
export const V1_UNLIMITED_TEXT = '9223372036854771712';

export function parseBytes(text: string): number | null {
  const m = /^(-1|\d+)([kKmMgG]?)$/.exec(text.trim());
  if (!m) return null;
  if (m[1] === '-1') return Number.POSITIVE_INFINITY;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor((Number(m[1]) * mult) / PAGE) * PAGE;
}

export function limitText(n: number): string {
  return Number.isFinite(n) ? String(n) : V1_UNLIMITED_TEXT;
}
