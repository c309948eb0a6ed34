import { KernelError } from '../kernel-error.js';
import { ffi, libcBindings } from './koffi-lazy.js';

/**
 * The handful of libc calls Node has no API for. Each binding is typed and
 * every failure becomes a KernelError naming the call and errno.
 */
const fns = libcBindings((libc) => ({
  unshare: libc.func('int unshare(int flags)'),
  setns: libc.func('int setns(int fd, int nstype)'),
  mount: libc.func('int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const char *data)'),
  umount2: libc.func('int umount2(const char *target, int flags)'),
  syscall2s: libc.func('long syscall(long number, const char *a, const char *b)'),
  sethostname: libc.func('int sethostname(const char *name, size_t len)'),
  geteuid: libc.func('uint32_t geteuid(void)'),
  mknod: libc.func('int mknod(const char *path, uint32_t mode, uint64_t dev)'),
  posixOpenpt: libc.func('int posix_openpt(int flags)'),
  grantpt: libc.func('int grantpt(int fd)'),
  unlockpt: libc.func('int unlockpt(int fd)'),
  ptsnameR: libc.func('int ptsname_r(int fd, _Out_ char *buf, size_t len)'),
  close: libc.func('int close(int fd)'),
  ioctlWinsize: libc.func('int ioctl(int fd, unsigned long request, const uint16_t *winsize)'),
  open: libc.func('int open(const char *path, int flags)'),
  lsetxattr: libc.func('int lsetxattr(const char *path, const char *name, const uint8_t *value, size_t size, int flags)'),
  lgetxattr: libc.func('long lgetxattr(const char *path, const char *name, _Out_ uint8_t *value, size_t size)'),
  pipe2: libc.func('int pipe2(_Out_ int *fds, int flags)'),
  syscall3i: libc.func('long syscall(long number, int a, int b, int c)'),
}));

export const CLONE = {
  FS: 0x00000200,
  NEWNS: 0x00020000,
  NEWCGROUP: 0x02000000,
  NEWUTS: 0x04000000,
  NEWIPC: 0x08000000,
  NEWUSER: 0x10000000,
  NEWPID: 0x20000000,
  NEWNET: 0x40000000,
} as const;

export const O = { RDONLY: 0, RDWR: 2, NOCTTY: 0o400, CLOEXEC: 0o2000000 } as const;
export const MNT_DETACH = 2;
/** The file type bits of a mknod mode. */
export const S_IF = { char: 0o020000, block: 0o060000, fifo: 0o010000 } as const;
const SYS_PIVOT_ROOT = 155; // x86_64

function check(rc: number | bigint, call: string, subject: string): void {
  if (Number(rc) < 0) throw new KernelError(call, subject, ffi().errno());
}

export function unshare(flags: number, subject: string): void {
  check(fns().unshare(flags), 'unshare', subject);
}

export function setns(fd: number, nstype: number, subject: string): void {
  check(fns().setns(fd, nstype), 'setns', subject);
}

export function mount(source: string, target: string, fstype: string | null, flags: number, data: string | null): void {
  check(fns().mount(source, target, fstype, flags, data), 'mount', `${fstype ?? source} → ${target}`);
}

export function umount2(target: string, flags: number): void {
  check(fns().umount2(target, flags), 'umount', target);
}

export function pivotRoot(newRoot: string, putOld: string): void {
  check(fns().syscall2s(SYS_PIVOT_ROOT, newRoot, putOld), 'pivot_root', `${newRoot}, ${putOld}`);
}

export function sethostname(name: string): void {
  check(fns().sethostname(name, Buffer.byteLength(name)), 'sethostname', name);
}

export function geteuid(): number {
  return fns().geteuid() as number;
}

export function mknod(path: string, mode: number, dev: bigint): void {
  check(fns().mknod(path, mode, dev), 'mknod', path);
}

export function openFd(path: string, flags: number): number {
  const fd = fns().open(path, flags) as number;
  check(fd, 'open', path);
  return fd;
}

export function closeFd(fd: number): void {
  check(fns().close(fd), 'close', String(fd));
}

/** Opens a new pty master and returns it with its slave's path. */
export function openPtyMaster(): { masterFd: number; slavePath: string } {
  const masterFd = fns().posixOpenpt(O.RDWR | O.NOCTTY | O.CLOEXEC) as number;
  check(masterFd, 'posix_openpt', '/dev/ptmx');
  try {
    check(fns().grantpt(masterFd), 'grantpt', String(masterFd));
    check(fns().unlockpt(masterFd), 'unlockpt', String(masterFd));
    const buf = Buffer.alloc(128);
    const rc = fns().ptsnameR(masterFd, buf, buf.length) as number;
    if (rc !== 0) throw new KernelError('ptsname', String(masterFd), rc);
    return { masterFd, slavePath: buf.toString('utf8', 0, buf.indexOf(0)) };
  } catch (e) {
    fns().close(masterFd);
    throw e;
  }
}

const SYS_PIDFD_OPEN = 434; // x86_64
const SYS_PIDFD_GETFD = 438;

/**
 * A copy of descriptor `fd` of process `pid`, close-on-exec (pidfd_getfd):
 * how the engine takes the pty master an init opened inside its container.
 */
export function takeFd(pid: number, fd: number): number {
  const pidfd = Number(fns().syscall3i(SYS_PIDFD_OPEN, pid, 0, 0));
  check(pidfd, 'pidfd_open', String(pid));
  try {
    const copy = Number(fns().syscall3i(SYS_PIDFD_GETFD, pidfd, fd, 0));
    check(copy, 'pidfd_getfd', `${pid}, ${fd}`);
    return copy;
  } finally {
    fns().close(pidfd);
  }
}

const TIOCSWINSZ = 0x5414;

/** struct winsize {rows, cols, xpixel, ypixel} onto a terminal. */
export function setWinsize(fd: number, rows: number, cols: number): void {
  check(fns().ioctlWinsize(fd, TIOCSWINSZ, new Uint16Array([rows, cols, 0, 0])), 'ioctl', `${fd}, TIOCSWINSZ ${rows}x${cols}`);
}

/** A pipe, both ends close-on-exec: [read end, write end]. */
export function pipe(): [number, number] {
  const fds = [0, 0];
  check(fns().pipe2(fds, O.CLOEXEC), 'pipe2', 'O_CLOEXEC');
  return [fds[0]!, fds[1]!];
}

/** makedev() as glibc encodes it. */
export function makedev(major: number, minor: number): bigint {
  const ma = BigInt(major);
  const mi = BigInt(minor);
  return ((ma & 0xfffn) << 8n) | (mi & 0xffn) | ((mi & ~0xffn) << 12n) | ((ma & ~0xfffn) << 32n);
}

export function lsetxattr(path: string, name: string, value: Uint8Array): void {
  check(fns().lsetxattr(path, name, value, value.length, 0), 'setxattr', `${path}, ${name}`);
}

const ENODATA = 61;

/** null when the attribute is absent (ENODATA); asks for the size first, then reads. */
export function lgetxattr(path: string, name: string): Uint8Array | null {
  const size = Number(fns().lgetxattr(path, name, null, 0));
  if (size < 0) {
    if (ffi().errno() === ENODATA) return null;
    check(size, 'getxattr', `${path}, ${name}`);
  }
  if (size === 0) return new Uint8Array(0);
  const buf = Buffer.alloc(size);
  const got = Number(fns().lgetxattr(path, name, buf, size));
  check(got, 'getxattr', `${path}, ${name}`);
  return new Uint8Array(buf.subarray(0, got));
}
