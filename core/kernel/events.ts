/** What the tracing wrapper reports about each kernel call: plain, JSON-safe data. */

export interface KernelCallError {
  readonly errno: number;
  /** errno name (`EINVAL`) for syscall failures, else the error's code. */
  readonly code: string;
  readonly message: string;
}

/** A finished call. Exactly one of `result` / `error` is present. */
export interface KernelCallEvent {
  readonly seq: number;
  readonly call: string;
  readonly args: readonly unknown[];
  readonly result?: unknown;
  readonly error?: KernelCallError;
  /** Wall-clock ms (the kernel's clock: virtual in the simulator). */
  readonly startedAt: number;
  readonly ms: number;
}

export type KernelTraceEvent =
  /** The call is about to run; `held` says it waits for `continue()` first. */
  | { readonly type: 'call-start'; readonly seq: number; readonly call: string; readonly args: readonly unknown[]; readonly startedAt: number; readonly held: boolean }
  | ({ readonly type: 'call-end' } & KernelCallEvent);
