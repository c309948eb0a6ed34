import { KernelError } from '../../kernel/kernel-error.js';

/** The errno names the simulated filesystem can fail with. */
export type Errno =
  | 'EPERM' | 'ENOENT' | 'ENXIO' | 'EACCES' | 'EBUSY' | 'EEXIST' | 'EXDEV' | 'ENODEV'
  | 'ENOTDIR' | 'EISDIR' | 'EINVAL' | 'ENOSPC' | 'EROFS' | 'EMLINK' | 'ENAMETOOLONG'
  | 'ENOTEMPTY' | 'ELOOP' | 'ENODATA' | 'EOPNOTSUPP' | 'EIO';

/**
 * A failure deep inside a filesystem, before anyone knows which call it
 * belongs to. The view that made the call turns it into a KernelError that
 * names the call and its subject, exactly as LinuxKernel does.
 */
export class FsErrno extends Error {
  constructor(readonly code: Errno, readonly hint?: string) {
    super(code);
    this.name = 'FsErrno';
  }
}

export function fail(code: Errno, hint?: string): never {
  throw new FsErrno(code, hint);
}

/** Runs `fn`, turning an FsErrno into `KernelError(call, subject, code)`. */
export function asCall<T>(call: string, subject: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FsErrno) {
      throw new KernelError(call, subject, e.code, e.hint === undefined ? {} : { hint: e.hint });
    }
    throw e;
  }
}
