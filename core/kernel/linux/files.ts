import { promises as fs, readdirSync, readFileSync, rmdirSync, type Stats, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseMountInfo } from '../mountinfo.js';
import { KernelError } from '../kernel-error.js';
import type { DirEntry, FileStat } from '../types.js';

/** Turns a Node fs error into a KernelError naming the call and errno. */
export function fsError(e: unknown, call: string, subject: string): never {
  const code = (e as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && code.startsWith('E')) throw new KernelError(call, subject, code, { cause: e });
  throw e;
}

export async function guard<T>(call: string, subject: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    return fsError(e, call, subject);
  }
}

/**
 * The synchronous form, for the many small calls (cgroup files, /proc,
 * state files): a direct syscall takes microseconds, while a trip through
 * libuv's thread pool costs a quarter of a millisecond each.
 */
export function guardSync<T>(call: string, subject: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    return fsError(e, call, subject);
  }
}

function typeOf(s: Stats): FileStat['type'] {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'dir';
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isCharacterDevice()) return 'char';
  if (s.isBlockDevice()) return 'block';
  if (s.isFIFO()) return 'fifo';
  return 'socket';
}

export function toFileStat(s: Stats): FileStat {
  return {
    type: typeOf(s), mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, size: s.size,
    ino: s.ino, dev: s.dev, nlink: s.nlink, mtimeMs: s.mtimeMs, rdev: s.rdev,
  };
}

export async function readdirTyped(path: string): Promise<DirEntry[]> {
  const entries = guardSync('readdir', path, () => readdirSync(path, { withFileTypes: true }));
  return entries.map((d) => ({
    name: d.name,
    type: d.isFile() ? 'file' : d.isDirectory() ? 'dir' : d.isSymbolicLink() ? 'symlink'
      : d.isCharacterDevice() ? 'char' : d.isBlockDevice() ? 'block' : d.isFIFO() ? 'fifo'
        : d.isSocket() ? 'socket' : 'unknown',
  }));
}

/**
 * Recursive removal that refuses to run over a mount: a mount left inside a
 * state directory (an overlay, a bind of the host's files — same st_dev, so
 * only the mount table tells) must make removal fail loudly, never delete
 * what lies beneath it.
 */
export async function removeTree(path: string, force: boolean): Promise<void> {
  const abs = resolve(path);
  const table = parseMountInfo(guardSync('read', '/proc/self/mountinfo', () => readFileSync('/proc/self/mountinfo', 'utf8')));
  const inside = table.find((m) => m.mountPoint === abs || m.mountPoint.startsWith(`${abs}/`));
  if (inside) throw new KernelError('remove', `${abs}: ${inside.mountPoint} is mounted`, 'EBUSY');
  if (removeSmallFlatDir(abs)) return;
  await guard('remove', abs, () => fs.rm(abs, { recursive: true, force }));
}

/** Most files a directory may hold to be removed without the thread pool. */
const SMALL_DIR = 16;

/**
 * A container's state directory (a record, an exit file) goes synchronously:
 * the thread pool's round trips cost more than its few unlinks. Anything
 * larger or deeper (a layer) is left to fs.rm, off the engine's thread.
 * Returns false when the directory is not such a one, not there, or changed meanwhile.
 */
function removeSmallFlatDir(abs: string): boolean {
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    return false;
  }
  if (entries.length > SMALL_DIR || entries.some((e) => e.isDirectory())) return false;
  try {
    for (const e of entries) unlinkSync(`${abs}/${e.name}`);
    rmdirSync(abs);
    return true;
  } catch {
    // Something changed underneath (a file renamed into place meanwhile): fs.rm finishes the job.
    return false;
  }
}
