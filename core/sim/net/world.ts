import type { Machine } from '../machine.js';
import type { Scheduler } from '../scheduler.js';
import type { Link } from './net-stack.js';

/** One link a frame crossed, as the counters saw it. */
export interface Hop {
  /** The network namespace's inode number. */
  readonly netns: number;
  readonly link: string;
  readonly dir: 'tx' | 'rx';
}

/** What happened to one packet: for the UI's picture and for tests. */
export interface PacketEvent {
  readonly at: number;
  readonly proto: string;
  readonly kind: string;
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
  readonly bytes: number;
  readonly hops: readonly Hop[];
  /** delivered: reached a local socket or stack; dropped: lost on the way, with why. */
  readonly verdict: 'delivered' | 'forwarded' | 'dropped';
  readonly reason?: string;
  /** Address rewrites on the way (DNAT, masquerade, their replies). */
  readonly nat?: string;
}

/** Virtual milliseconds a frame takes to cross one link; loopback is quicker. */
export const HOP_MS = 0.02;
export const LOOPBACK_MS = 0.01;
/** How long the kernel waits for an ARP answer before reporting the host unreachable (3 probes, 1 s apart). */
export const ARP_TIMEOUT_MS = 3000;

/**
 * The parts of the machine packets need: its clock, and who is watching.
 * Stacks find each other through their links, so no registry is needed.
 */
export class NetWorld {
  private readonly listeners = new Set<(e: PacketEvent) => void>();
  readonly nsInode = new WeakMap<object, number>();

  constructor(readonly sched: Scheduler, private readonly machine: Machine) {}

  /** Calls `fn` for every packet until the returned function is called. */
  watch(fn: (e: PacketEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(e: Omit<PacketEvent, 'at'>): void {
    if (this.listeners.size === 0) return;
    const ev = { at: this.sched.now(), ...e };
    for (const f of this.listeners) f(ev);
  }

  /** The inode of the namespace a link sits in (hops name their namespace by it). */
  netnsOf(link: Link): number {
    for (const ns of this.machine.nsByInode.values()) {
      const n = ns as { stack?: unknown; inode?: number };
      if (n.stack === link.stack && n.inode !== undefined) return n.inode;
    }
    return 0;
  }

  /** Runs `fn` after `ms` of virtual time; returns the cancel (a timer left behind would move the clock when it fires). */
  later(ms: number, fn: () => void): () => void {
    return this.sched.at(ms, fn);
  }

  get watching(): boolean {
    return this.listeners.size > 0;
  }
}

const worlds = new WeakMap<Machine, NetWorld>();

/** The machine's packet world, made on first use. */
export function netWorld(m: Machine): NetWorld {
  let w = worlds.get(m);
  if (!w) {
    w = new NetWorld(m.sched, m);
    worlds.set(m, w);
  }
  return w;
}
