import { runOneByOne, type InitCall, type InitCallOutcome } from './init-batch.js';
import { isKernelError } from './kernel-error.js';
import { UNTRACED_CALLS, type Kernel } from './kernel.js';
import type { KernelCallError, KernelTraceEvent } from './events.js';
import type { InitRef } from './types.js';
import { summarize } from './summarize.js';

export type TraceListener = (event: KernelTraceEvent) => void;
export type HoldPredicate = (call: string, args: readonly unknown[]) => boolean;

interface HeldCall {
  readonly seq: number;
  readonly release: () => void;
}

/**
 * Wraps a Kernel so that every call becomes a trace event, and any call can be
 * held before it runs until `continue()` is called. This is how a learner
 * pauses the engine between two kernel calls: the engine's own code is
 * untouched, it simply awaits a call that has not been released yet.
 */
export class KernelTracer {
  readonly kernel: Kernel;
  private readonly listeners = new Set<TraceListener>();
  private readonly held: HeldCall[] = [];
  private holdWhen: HoldPredicate | null = null;
  private seq = 0;

  constructor(private readonly inner: Kernel) {
    this.kernel = this.wrap(inner);
  }

  subscribe(listener: TraceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Holds every call matching the predicate (every call when omitted) before it runs. */
  hold(predicate: HoldPredicate = () => true): void {
    this.holdWhen = predicate;
  }

  /** Lets the oldest held call run. Returns its seq, or null when nothing was waiting. */
  continue(): number | null {
    const next = this.held.shift();
    if (!next) return null;
    next.release();
    return next.seq;
  }

  /** Stops holding and releases everything that waits. */
  release(): void {
    this.holdWhen = null;
    while (this.continue() !== null) { /* drain */ }
  }

  /** Seq numbers of calls waiting for `continue()`, oldest first. */
  waiting(): number[] {
    return this.held.map((h) => h.seq);
  }

  private emit(event: KernelTraceEvent): void {
    for (const l of this.listeners) {
      try { l(event); } catch { /* a broken listener must not break the engine */ }
    }
  }

  private wrap(inner: Kernel): Kernel {
    return new Proxy(inner, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver);
        if (typeof prop !== 'string' || typeof value !== 'function' || UNTRACED_CALLS.has(prop)) {
          return typeof value === 'function' ? value.bind(target) : value;
        }
        if (prop === 'initBatch') return (init: InitRef, calls: readonly InitCall[]) => this.batch(init, calls);
        return (...args: unknown[]) => this.traced(prop, args, () => value.apply(target, args) as Promise<unknown>);
      },
    });
  }

  /**
   * A batch is traced as the calls it holds, never as a call of its own, so
   * a timeline reads the same whether the init ran them one by one or not.
   * While calls are held, each goes alone (and waits for `continue()`).
   */
  private async batch(init: InitRef, calls: readonly InitCall[]): Promise<InitCallOutcome[]> {
    if (this.holdWhen) return runOneByOne(this.kernel, calls);
    const outcomes = await this.inner.initBatch(init, calls);
    for (const [i, o] of outcomes.entries()) {
      const c = calls[i]!;
      const seq = ++this.seq;
      const args = summarize(c.args) as unknown[];
      this.emit({ type: 'call-start', seq, call: c.call, args, startedAt: o.startedAt, held: false });
      this.emit(o.ok
        ? { type: 'call-end', seq, call: c.call, args, result: summarize(o.value) ?? null, startedAt: o.startedAt, ms: o.ms }
        : { type: 'call-end', seq, call: c.call, args, error: describeError(o.error), startedAt: o.startedAt, ms: o.ms });
    }
    return outcomes;
  }

  private async traced(call: string, args: unknown[], run: () => Promise<unknown>): Promise<unknown> {
    const seq = ++this.seq;
    const summary = summarize(args) as unknown[];
    const shouldHold = this.holdWhen?.(call, args) ?? false;
    this.emit({ type: 'call-start', seq, call, args: summary, startedAt: this.inner.now(), held: shouldHold });
    if (shouldHold) await new Promise<void>((release) => this.held.push({ seq, release }));
    const startedAt = this.inner.now();
    const t0 = this.inner.monotonic();
    try {
      const result = await run();
      this.emit({ type: 'call-end', seq, call, args: summary, result: summarize(result) ?? null, startedAt, ms: this.inner.monotonic() - t0 });
      return result;
    } catch (e) {
      this.emit({ type: 'call-end', seq, call, args: summary, error: describeError(e), startedAt, ms: this.inner.monotonic() - t0 });
      throw e;
    }
  }
}

function describeError(e: unknown): KernelCallError {
  if (isKernelError(e)) return { errno: e.errno, code: e.errnoCode, message: e.message };
  const code = (e as { code?: unknown }).code;
  return { errno: 0, code: typeof code === 'string' ? code : 'E_INTERNAL', message: e instanceof Error ? e.message : String(e) };
}
