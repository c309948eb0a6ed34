import koffi from 'koffi';
import { KernelError } from '../../../core/kernel/kernel-error.js';

/**
 * Extended attributes on the real host, for the agreement tests only: the
 * Kernel interface has no xattr calls, and overlayfs keeps its opaque marks
 * in trusted.* xattrs that a test must be able to set and read. libc is
 * loaded on first use, so merely collecting the (skipped) tests works on a
 * host without it.
 */
let fns: ReturnType<typeof bind> | null = null;

function bind() {
  const libc = koffi.load('libc.so.6');
  return {
    lsetxattr: libc.func('int lsetxattr(const char *path, const char *name, const uint8_t *value, size_t size, int flags)'),
    lgetxattr: libc.func('long lgetxattr(const char *path, const char *name, _Out_ uint8_t *value, size_t size)'),
    llistxattr: libc.func('long llistxattr(const char *path, _Out_ uint8_t *list, size_t size)'),
  };
}

function libc(): ReturnType<typeof bind> {
  fns ??= bind();
  return fns;
}

function check(rc: number, call: string, subject: string): number {
  if (rc < 0) throw new KernelError(call, subject, koffi.errno());
  return rc;
}

export function hostSetxattr(path: string, name: string, value: string): void {
  const buf = Buffer.from(value);
  check(Number(libc().lsetxattr(path, name, buf, buf.length, 0)), 'setxattr', `${path}, ${name}`);
}

export function hostGetxattr(path: string, name: string): Uint8Array {
  const buf = Buffer.alloc(4096);
  const n = check(Number(libc().lgetxattr(path, name, buf, buf.length)), 'getxattr', `${path}, ${name}`);
  return new Uint8Array(buf.subarray(0, n));
}

export function hostListxattr(path: string): string[] {
  const buf = Buffer.alloc(4096);
  const n = check(Number(libc().llistxattr(path, buf, buf.length)), 'listxattr', path);
  return buf.subarray(0, n).toString('utf8').split('\0').filter(Boolean);
}
