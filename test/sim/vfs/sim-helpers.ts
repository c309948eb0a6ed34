import { KernelError } from '../../../core/kernel/kernel-error.js';
import { bootVfs, type BootOptions, type BootedVfs } from '../../../core/sim/vfs/index.js';

/** A clock that moves one second per reading, so mtimes show the order things happened in. */
export function tickingClock(startMs = 1_700_000_000_000, stepMs = 1000): () => number {
  let t = startMs - stepMs;
  return () => (t += stepMs);
}

export function boot(opts: BootOptions = {}): BootedVfs {
  return bootVfs({ clock: tickingClock(), seed: 7, ...opts });
}

/** The KernelError a call throws (the test fails if it throws nothing or something else). */
export function kernelErrorOf(fn: () => unknown): KernelError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KernelError) return e;
    throw e;
  }
  throw new Error('expected a KernelError, but the call succeeded');
}

export function errnoOf(fn: () => unknown): string {
  return kernelErrorOf(fn).errnoCode;
}

export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
