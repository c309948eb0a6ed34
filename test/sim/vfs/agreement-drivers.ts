import { promises as fs } from 'node:fs';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { KernelError } from '../../../core/kernel/kernel-error.js';
import type { FsView } from '../../../core/sim/vfs/index.js';
import { hostGetxattr, hostListxattr, hostSetxattr } from './host-xattr.js';

type FileCalls =
  | 'readFile' | 'readText' | 'writeFile' | 'stat' | 'lstat' | 'exists' | 'readdir' | 'mkdir' | 'remove' | 'rmdir'
  | 'rename' | 'symlink' | 'readlink' | 'chmod' | 'chown' | 'mknod' | 'mount' | 'umount' | 'mountTable';

/**
 * The file and mount calls an agreement scenario makes, plus the few the
 * Kernel interface lacks (xattrs, hard links, truncate). One implementation
 * drives the real kernel, the other the simulator; a scenario cannot tell them apart.
 */
export interface FsDriver extends Pick<Kernel, FileCalls> {
  setxattr(path: string, name: string, value: string): Promise<void>;
  getxattr(path: string, name: string): Promise<string>;
  listxattr(path: string): Promise<string[]>;
  link(existing: string, newPath: string): Promise<void>;
  truncate(path: string, size: number): Promise<void>;
}

export function realDriver(kernel: Kernel): FsDriver {
  const guard = async <T>(call: string, subject: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (typeof code === 'string' && code.startsWith('E')) throw new KernelError(call, subject, code, { cause: e });
      throw e;
    }
  };
  return {
    readFile: (p) => kernel.readFile(p),
    readText: (p) => kernel.readText(p),
    writeFile: (p, d, o) => kernel.writeFile(p, d, o),
    stat: (p) => kernel.stat(p),
    lstat: (p) => kernel.lstat(p),
    exists: (p) => kernel.exists(p),
    readdir: (p) => kernel.readdir(p),
    mkdir: (p, o) => kernel.mkdir(p, o),
    remove: (p, o) => kernel.remove(p, o),
    rmdir: (p) => kernel.rmdir(p),
    rename: (a, b) => kernel.rename(a, b),
    symlink: (t, p) => kernel.symlink(t, p),
    readlink: (p) => kernel.readlink(p),
    chmod: (p, m) => kernel.chmod(p, m),
    chown: (p, u, g) => kernel.chown(p, u, g),
    mknod: (p, t, m, ma, mi) => kernel.mknod(p, t, m, ma, mi),
    mount: (s) => kernel.mount(s),
    umount: (t, o) => kernel.umount(t, o),
    mountTable: () => kernel.mountTable(),
    setxattr: async (p, n, v) => hostSetxattr(p, n, v),
    getxattr: async (p, n) => new TextDecoder().decode(hostGetxattr(p, n)),
    listxattr: async (p) => hostListxattr(p),
    link: (a, b) => guard('link', `${b} → ${a}`, () => fs.link(a, b)),
    truncate: (p, n) => guard('truncate', p, () => fs.truncate(p, n)),
  };
}

export function simDriver(view: FsView): FsDriver {
  const run = async <T>(fn: () => T): Promise<T> => fn();
  return {
    readFile: (p) => run(() => view.readFile(p)),
    readText: (p) => run(() => view.readText(p)),
    writeFile: (p, d, o) => run(() => view.writeFile(p, d, o)),
    stat: (p) => run(() => view.stat(p)),
    lstat: (p) => run(() => view.lstat(p)),
    exists: (p) => run(() => view.exists(p)),
    readdir: (p) => run(() => view.readdir(p)),
    mkdir: (p, o) => run(() => view.mkdir(p, o)),
    remove: (p, o) => run(() => view.remove(p, o)),
    rmdir: (p) => run(() => view.rmdir(p)),
    rename: (a, b) => run(() => view.rename(a, b)),
    symlink: (t, p) => run(() => view.symlink(t, p)),
    readlink: (p) => run(() => view.readlink(p)),
    chmod: (p, m) => run(() => view.chmod(p, m)),
    chown: (p, u, g) => run(() => view.chown(p, u, g)),
    mknod: (p, t, m, ma, mi) => run(() => view.mknod(p, t, m, ma, mi)),
    mount: (s) => run(() => view.mount(s)),
    umount: (t, o) => run(() => view.umount(t, o)),
    mountTable: () => run(() => view.mountTable()),
    setxattr: (p, n, v) => run(() => view.setxattr(p, n, v, { follow: false })),
    getxattr: (p, n) => run(() => new TextDecoder().decode(view.getxattr(p, n, { follow: false }))),
    listxattr: (p) => run(() => view.listxattr(p, { follow: false })),
    link: (a, b) => run(() => view.link(a, b)),
    truncate: (p, n) => run(() => view.truncate(p, n)),
  };
}

/** What a call did, in a form two worlds can be compared on: its value, or its error message. */
export async function outcome<T>(p: Promise<T>): Promise<T | string> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof KernelError) return `error ${e.message}`;
    throw e;
  }
}
