import { DockbookError, type ErrorCode } from '../errors.js';
import { errnoName, errnoNumber } from './errno.js';

/**
 * A failed kernel call: names the call, what it was called on and the errno,
 * e.g. `mount(overlay → /var/lib/dockbook/x): EINVAL`.
 */
export class KernelError extends DockbookError {
  readonly errno: number;
  readonly errnoCode: string;
  readonly call: string;

  constructor(call: string, subject: string, errno: number | string, opts: { code?: ErrorCode; hint?: string; cause?: unknown } = {}) {
    const errnoCode = typeof errno === 'string' ? errno : errnoName(errno);
    const number = typeof errno === 'number' ? errno : (errnoNumber(errno) ?? 0);
    super(opts.code ?? 'E_SYSCALL', `${call}(${subject}): ${errnoCode}`, {
      hint: opts.hint ?? hintFor(errnoCode),
      cause: opts.cause,
    });
    this.name = 'KernelError';
    this.errno = number;
    this.errnoCode = errnoCode;
    this.call = call;
  }
}

function hintFor(errnoCode: string): string | undefined {
  switch (errnoCode) {
    case 'EPERM':
    case 'EACCES':
      return 'this needs root on a Linux host (run as root, or use the simulator)';
    case 'ENOENT':
      return 'a path it needs does not exist';
    case 'EBUSY':
      return 'something still uses it (a mount, a process)';
    default:
      return undefined;
  }
}

export function isKernelError(e: unknown): e is KernelError {
  return e instanceof KernelError;
}
