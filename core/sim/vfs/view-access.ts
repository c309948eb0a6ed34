import type { FileStat } from '../../kernel/types.js';
import type { CharDevice } from './devices.js';
import { fail } from './errno.js';
import type { FsNode, NodeType } from './filesystem.js';
import type { FsView } from './fs-view.js';
import type { Location } from './mount.js';
import { MAY_EXEC, MAY_WRITE, permits, stickyAllows } from './permissions.js';

/**
 * The checks the VFS makes before a filesystem sees a call, in the order
 * the kernel meets them, so that a call refused for two reasons names the
 * same errno as on Linux.
 */

/**
 * Opening for write: a read-only superblock refuses first, then the mode
 * bits, then a read-only mount (may_open, then mnt_want_write).
 */
export function mayWrite(view: FsView, loc: Location, st: FileStat): void {
  if (loc.mount.fs.readOnly) fail('EROFS');
  if (!permits(st, view.cred, MAY_WRITE)) fail('EACCES');
  if (loc.mount.flags.readOnly) fail('EROFS');
}

export function mayChangeMetadata(loc: Location): void {
  if (loc.mount.isReadOnly()) fail('EROFS');
}

export function mayCreateIn(view: FsView, dir: Location): void {
  if (dir.mount.isReadOnly()) fail('EROFS');
  if (!permits(view.statOf(dir), view.cred, MAY_WRITE | MAY_EXEC)) fail('EACCES');
}

/** may_delete: write+search on the directory, the sticky rule, then the entry's type. */
export function mayDelete(view: FsView, dir: Location, victim: Location, wantDir: boolean): void {
  const dst = view.statOf(dir);
  const vst = view.statOf(victim);
  if (!permits(dst, view.cred, MAY_WRITE | MAY_EXEC)) fail('EACCES');
  if (!stickyAllows(dst, vst, view.cred)) fail('EPERM');
  if (wantDir && vst.type !== 'dir') fail('ENOTDIR');
  if (!wantDir && vst.type === 'dir') fail('EISDIR');
}

/** What reading or writing a device node or fifo reaches. */
export function deviceFor(view: FsView, loc: Location, st: FileStat): CharDevice {
  if ((st.type === 'char' || st.type === 'block') && loc.mount.flags.nodev) fail('EACCES');
  if (st.type === 'char') return view.vfs.devices.driver(st.rdev);
  // A fifo with nobody on the other end: reading finds end-of-file, a non-blocking writer finds no reader.
  if (st.type === 'fifo') return { read: () => new Uint8Array(0), write: () => fail('ENXIO') };
  return fail('ENXIO');
}

/**
 * A new entry owned by the caller, its mode cut by the umask. A set-group-ID
 * directory hands down its group, and to subdirectories the bit itself.
 */
export function createIn(
  view: FsView, dir: Location, name: string, type: Exclude<NodeType, 'socket'>, mode: number,
  extra: { target?: string; rdev?: number; ignoreUmask?: boolean } = {},
): FsNode {
  mayCreateIn(view, dir);
  const dst = view.statOf(dir);
  const setgid = (dst.mode & 0o2000) !== 0;
  let perm = extra.ignoreUmask ? mode & 0o7777 : mode & 0o7777 & ~view.umask;
  if (setgid && type === 'dir') perm |= 0o2000;
  return dir.mount.fs.create(dir.node, name, {
    type, mode: perm, uid: view.cred.uid, gid: setgid ? dst.gid : view.cred.gid, target: extra.target, rdev: extra.rdev,
  });
}
