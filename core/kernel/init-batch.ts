import { isKernelError, KernelError } from './kernel-error.js';
import type { Kernel } from './kernel.js';

/** The Kernel calls a container's init can run as part of a batch. */
export const BATCHABLE_INIT_CALLS = [
  'mount', 'umount', 'pivotRoot', 'chdir', 'mkdir', 'mknod', 'symlink', 'writeFile', 'lookupType',
  'sethostname', 'unshare', 'initOpenExecFifo', 'initConnectConsole',
] as const;

export type BatchableInitCall = (typeof BATCHABLE_INIT_CALLS)[number];

/**
 * One call of a batch: a Kernel method and the arguments it would be called
 * with one at a time (so a trace of a batch reads as the same calls).
 * `tolerate` names errnos that end this call only, not the batch: the call
 * still reports its error, and the ones after it run.
 */
export type InitCall = {
  [K in BatchableInitCall]: { readonly call: K; readonly args: Parameters<Kernel[K]>; readonly tolerate?: readonly string[] }
}[BatchableInitCall];

/** What became of one call of a batch, timed where it ran (the init's clock). */
export type InitCallOutcome =
  | { readonly ok: true; readonly value: unknown; readonly startedAt: number; readonly ms: number }
  | { readonly ok: false; readonly error: KernelError; readonly startedAt: number; readonly ms: number };

/**
 * A batch runs in order and stops after the first failure it does not
 * tolerate: the outcomes are those of the calls that ran, the last one the
 * failure if there was one.
 */
export function stopsBatch(call: InitCall, outcome: InitCallOutcome): boolean {
  return !outcome.ok && !(call.tolerate ?? []).includes(outcome.error.errnoCode);
}

/** Calls a Kernel method by name with a batch entry's arguments. */
export function callOne(kernel: Kernel, c: InitCall): Promise<unknown> {
  const method = kernel[c.call] as (...args: readonly unknown[]) => Promise<unknown>;
  return method.apply(kernel, c.args);
}

/**
 * Runs a batch one call at a time through `kernel`'s own methods: how the
 * simulator's init runs one (its calls cost no round trip), and how a tracer
 * that holds calls runs one, so a learner can pause between any two.
 */
export async function runOneByOne(kernel: Kernel, calls: readonly InitCall[]): Promise<InitCallOutcome[]> {
  const outcomes: InitCallOutcome[] = [];
  for (const c of calls) {
    const startedAt = kernel.now();
    const t0 = kernel.monotonic();
    let outcome: InitCallOutcome;
    try {
      const value = await callOne(kernel, c);
      outcome = { ok: true, value, startedAt, ms: kernel.monotonic() - t0 };
    } catch (e) {
      if (!isKernelError(e)) throw e;
      outcome = { ok: false, error: e, startedAt, ms: kernel.monotonic() - t0 };
    }
    outcomes.push(outcome);
    if (stopsBatch(c, outcome)) break;
  }
  return outcomes;
}
