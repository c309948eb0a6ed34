/** strerror() texts, as busybox prints them after "can't open 'x': ". */
const TEXT: Record<string, string> = {
  EPERM: 'Operation not permitted', ENOENT: 'No such file or directory', ESRCH: 'No such process',
  EIO: 'I/O error', ENXIO: 'No such device or address', EAGAIN: 'Resource temporarily unavailable',
  ENOMEM: 'Out of memory', EACCES: 'Permission denied', EBUSY: 'Resource busy', EEXIST: 'File exists',
  EXDEV: 'Invalid cross-device link', ENODEV: 'No such device', ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory', EINVAL: 'Invalid argument', ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system', ENOTEMPTY: 'Directory not empty', ELOOP: 'Symbolic link loop',
  ENOEXEC: 'Exec format error', EPIPE: 'Broken pipe', ENOTTY: 'Not a tty', ENODATA: 'No data available',
  EOPNOTSUPP: 'Not supported', ENAMETOOLONG: 'File name too long',
  ECONNREFUSED: 'Connection refused', ENETUNREACH: 'Network is unreachable', EHOSTUNREACH: 'No route to host',
  ETIMEDOUT: 'Connection timed out', EADDRINUSE: 'Address already in use', EADDRNOTAVAIL: 'Cannot assign requested address',
  ECONNRESET: 'Connection reset by peer',
};

export function strerror(code: string): string {
  return TEXT[code] ?? code;
}

/** The errno name carried by a KernelError or FsErrno, else EIO. */
export function errnoCodeOf(e: unknown): string {
  const x = e as { errnoCode?: string; code?: string; errno?: unknown };
  if (typeof x.errnoCode === 'string') return x.errnoCode;
  if (typeof x.errno === 'string') return x.errno;
  if (typeof x.code === 'string' && x.code.startsWith('E') && !x.code.startsWith('E_')) return x.code;
  return 'EIO';
}
