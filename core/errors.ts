/**
 * One error type for the whole engine. The `code` is stable (tests, docs and
 * the UI key on it); the message is for humans; the hint says what to do next.
 */
export type ErrorCode =
  | 'E_SYSCALL'
  | 'E_NOT_FOUND'
  | 'E_EXISTS'
  | 'E_INVALID_ARGUMENT'
  | 'E_USAGE'
  | 'E_UNSUPPORTED'
  | 'E_PERMISSION'
  | 'E_MOUNT_FAILED'
  | 'E_NAMESPACE'
  | 'E_SPAWN'
  | 'E_NETLINK'
  | 'E_CGROUP'
  | 'E_INTERNAL'
  | (string & {});

export interface ErrorDetails {
  hint?: string;
  cause?: unknown;
  /** Docker's CLI exit code this error maps to (125 by default). */
  exitCode?: number;
}

export class DockbookError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DockbookError';
    this.code = code;
    this.hint = details.hint;
    this.exitCode = details.exitCode ?? 125;
  }

  /** The one line a CLI prints: `dockbook: E_CODE message (hint: …)`. */
  oneLine(): string {
    const hint = this.hint ? ` (hint: ${this.hint})` : '';
    return `${this.code} ${this.message}${hint}`;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint };
  }
}

export function isDockbookError(e: unknown): e is DockbookError {
  return e instanceof DockbookError;
}

/** Wraps anything thrown into a DockbookError, keeping it as the cause. */
export function asDockbookError(e: unknown, code: ErrorCode = 'E_INTERNAL'): DockbookError {
  if (e instanceof DockbookError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new DockbookError(code, message, { cause: e });
}
