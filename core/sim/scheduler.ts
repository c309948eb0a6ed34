/**
 * Virtual time. Nothing in the simulator reads the wall clock: a sleeping
 * process registers a timer, and the clock jumps to the earliest timer once
 * everything runnable has run (the microtask queue is empty). Timers due at
 * the same instant fire in the order they were set, so a run replays exactly.
 */
interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fire: () => void;
}

/** Runs a callback after the host's microtasks drain: setImmediate in Node, a MessageChannel in a worker. */
export type MacrotaskYield = (cb: () => void) => void;

export function defaultYield(): MacrotaskYield {
  const g = globalThis as unknown as {
    setImmediate?: (cb: () => void) => unknown;
    MessageChannel?: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(v: unknown): void } };
  };
  if (g.setImmediate) return (cb) => void g.setImmediate!(cb);
  if (g.MessageChannel) {
    const ch = new g.MessageChannel();
    const queue: Array<() => void> = [];
    ch.port1.onmessage = () => queue.shift()?.();
    return (cb) => {
      queue.push(cb);
      ch.port2.postMessage(0);
    };
  }
  return (cb) => void setTimeout(cb, 0);
}

export type ClockPace = 'free' | 'real-time';

/** How far (ms) the virtual clock may run ahead of the wall clock in real-time pace: below a timer's resolution. */
const PACE_SLACK_MS = 4;

export class Scheduler {
  /** Virtual milliseconds since boot (fractions allowed: CPU slices are microseconds). */
  private nowMs = 0;
  private seq = 0;
  private timers: Timer[] = [];
  private pumping = false;
  private stopped = false;
  /** Wall-clock ms when virtual time was 0 (real-time pace only). */
  private readonly realStart = Date.now();
  private waiting: { readonly at: number; readonly handle: ReturnType<typeof setTimeout> } | null = null;

  constructor(private readonly yieldToHost: MacrotaskYield = defaultYield(), private readonly pace: ClockPace = 'free') {}

  now(): number {
    return this.nowMs;
  }

  /** Calls `fire` once virtual time reaches now + ms. Returns a cancel function. */
  at(ms: number, fire: () => void): () => void {
    if (this.pace === 'real-time') this.catchUp();
    const t: Timer = { at: this.nowMs + Math.max(0, ms), seq: this.seq++, fire };
    // Sorted insert: timers are few, and order must be stable.
    let i = this.timers.length;
    while (i > 0 && (this.timers[i - 1]!.at > t.at)) i--;
    this.timers.splice(i, 0, t);
    if (this.waiting && t.at < this.waiting.at) {
      // The wall-clock wait was for a later timer: wait for this one instead.
      clearTimeout(this.waiting.handle);
      this.waiting = null;
      this.pumping = false;
    }
    this.pump();
    return () => {
      const k = this.timers.indexOf(t);
      if (k >= 0) this.timers.splice(k, 1);
    };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.at(ms, resolve));
  }

  /**
   * Real-time pace: the wall clock moved on while the machine was idle (a learner reading); virtual
   * time follows it, but never past a pending timer, so nothing fires late or out of order.
   */
  private catchUp(): void {
    const real = Date.now() - this.realStart;
    const limit = this.timers[0]?.at ?? Infinity;
    this.nowMs = Math.max(this.nowMs, Math.min(real, limit));
  }

  /** Stops advancing time for good (the machine is shut down). */
  stop(): void {
    this.stopped = true;
    this.timers = [];
    if (this.waiting) clearTimeout(this.waiting.handle);
    this.waiting = null;
  }

  pending(): number {
    return this.timers.length;
  }

  private pump(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    this.yieldToHost(() => {
      this.pumping = false;
      const first = this.timers[0];
      if (!first || this.stopped) return;
      const ahead = this.pace === 'real-time' ? first.at - (Date.now() - this.realStart) : 0;
      if (ahead > PACE_SLACK_MS) {
        // Not due on the wall clock yet: wait for it, then look again (an earlier timer may have come meanwhile).
        this.pumping = true;
        const handle = setTimeout(() => { this.waiting = null; this.pumping = false; this.pump(); }, ahead);
        this.waiting = { at: first.at, handle };
        return;
      }
      const due = this.timers.filter((t) => t.at === first.at);
      this.timers = this.timers.slice(due.length);
      this.nowMs = first.at;
      for (const t of due) t.fire();
      if (this.timers.length > 0) this.pump();
    });
  }
}
