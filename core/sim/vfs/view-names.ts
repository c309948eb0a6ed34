import { asCall, fail } from './errno.js';
import type { FileSystem } from './filesystem.js';
import type { FsView } from './fs-view.js';
import { mountedOn } from './mount-namespace.js';
import type { Location } from './mount.js';
import { components, isAbsolute, startsWithPath } from './paths.js';
import { MAY_EXEC, MAY_WRITE, permits } from './permissions.js';
import { walk, walkParent, type ParentWalk } from './resolve.js';
import { createIn, mayDelete } from './view-access.js';

/** Calls that add, remove or move names: mkdir, rmdir, unlink, rename and recursive removal. */

export function mkdirOne(view: FsView, path: string, mode: number): void {
  const w = walkParent(view.ctx(), path);
  if (w.kind !== 'name' || w.child) fail('EEXIST');
  createIn(view, w.dir, w.name, 'dir', mode);
}

/** mkdir -p as Node does it: make the parent on ENOENT and retry; an existing directory is fine. */
export function mkdirp(view: FsView, path: string, mode: number): void {
  try {
    mkdirOne(view, path, mode);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EEXIST') {
      const r = walk(view.ctx(), path, true);
      if (r.loc && view.statOf(r.loc).type === 'dir') return;
      throw e;
    }
    const parts = components(path);
    if (code !== 'ENOENT' || parts.length <= 1) throw e;
    mkdirp(view, `${isAbsolute(path) ? '/' : ''}${parts.slice(0, -1).join('/')}`, mode);
    mkdirOne(view, path, mode);
  }
}

export function rmdirAt(view: FsView, w: ParentWalk): void {
  if (w.kind === 'dot') fail('EINVAL');
  if (w.kind === 'dotdot') fail('ENOTEMPTY');
  if (w.kind === 'root') fail('EBUSY');
  if (w.dir.mount.isReadOnly()) fail('EROFS');
  const child = w.child ?? fail('ENOENT');
  mayDelete(view, w.dir, child, true);
  if (mountedOn(child)) fail('EBUSY');
  w.dir.mount.fs.rmdir(w.dir.node, w.name);
}

export function unlinkAt(view: FsView, w: ParentWalk): void {
  if (w.kind !== 'name') fail('EISDIR');
  if (w.dir.mount.isReadOnly()) fail('EROFS');
  const child = w.child ?? fail('ENOENT');
  if (w.trailingSlash) fail(view.statOf(child).type === 'dir' ? 'EISDIR' : 'ENOTDIR');
  mayDelete(view, w.dir, child, false);
  if (mountedOn(child)) fail('EBUSY');
  w.dir.mount.fs.unlink(w.dir.node, w.name);
}

/**
 * rename(2): both names on one mount (else EXDEV, even within one
 * filesystem), neither a mount point, a directory never into itself.
 */
export function renameAt(view: FsView, a: ParentWalk, b: ParentWalk): void {
  if (a.dir.mount !== b.dir.mount) fail('EXDEV');
  if (a.kind !== 'name' || b.kind !== 'name') fail('EBUSY');
  if (a.dir.mount.isReadOnly()) fail('EROFS');
  const src = a.child ?? fail('ENOENT');
  const sst = view.statOf(src);
  const isDir = sst.type === 'dir';
  if (!isDir && (a.trailingSlash || b.trailingSlash)) fail('ENOTDIR');
  const fs = a.dir.mount.fs;
  if (b.child && fs.key(b.child.node) === fs.key(src.node)) return;
  if (isDir && isAncestor(src, b.dir)) fail('EINVAL');
  mayDelete(view, a.dir, src, isDir);
  if (b.child) mayDelete(view, b.dir, b.child, isDir);
  else if (!permits(view.statOf(b.dir), view.cred, MAY_WRITE | MAY_EXEC)) fail('EACCES');
  // Moving a directory rewrites its `..`, which takes write permission on it.
  if (isDir && fs.key(a.dir.node) !== fs.key(b.dir.node) && !permits(sst, view.cred, MAY_WRITE)) fail('EACCES');
  if (mountedOn(src) || (b.child && mountedOn(b.child))) fail('EBUSY');
  fs.rename(a.dir.node, a.name, b.dir.node, b.name);
  if (isDir) movePaths(view, fs, src.path, [...b.dir.path, b.name]);
}

/**
 * rm -r as LinuxKernel does it: refuse outright (EBUSY) when anything is
 * mounted at or below the path, so a mount is never emptied through it.
 */
export function removeTree(view: FsView, path: string, force: boolean): void {
  const abs = view.absolute(path);
  const below = `${abs === '/' ? '' : abs}/`;
  const inside = view.mountTable().find((m) => m.mountPoint === abs || m.mountPoint.startsWith(below));
  if (inside) asCall('remove', `${abs}: ${inside.mountPoint} is mounted`, () => fail('EBUSY'));
  asCall('remove', abs, () => {
    const w = walkParent(view.ctx(), abs);
    if (w.kind === 'name' && !w.child) {
      if (force) return;
      fail('ENOENT');
    }
    removeEntry(view, abs, w);
  });
}

function removeEntry(view: FsView, abs: string, w: ParentWalk): void {
  const isDir = w.kind !== 'name' || view.statOf(w.child!).type === 'dir';
  if (!isDir) {
    unlinkAt(view, w);
    return;
  }
  const here = w.kind === 'name' ? w.child! : w.dir;
  for (const e of here.mount.fs.readdir(here.node)) {
    const childPath = `${abs === '/' ? '' : abs}/${e.name}`;
    removeEntry(view, childPath, walkParent(view.ctx(), childPath));
  }
  rmdirAt(view, w);
}

function isAncestor(dir: Location, of: Location): boolean {
  const fs = dir.mount.fs;
  const key = fs.key(dir.node);
  for (let n = of.node; ; ) {
    if (fs.key(n) === key) return true;
    const up = fs.parent(n);
    if (fs.key(up) === fs.key(n)) return false;
    n = up;
  }
}

/** After a directory moved, the paths recorded for mounts and processes under it move too. */
function movePaths(view: FsView, fs: FileSystem, from: readonly string[], to: readonly string[]): void {
  const moved = (p: readonly string[]): readonly string[] => (startsWithPath(p, from) ? [...to, ...p.slice(from.length)] : p);
  for (const m of view.ns.mounts()) {
    if (m.parent?.fs === fs) m.mpPath = moved(m.mpPath);
    if (m.fs === fs) m.rootPath = moved(m.rootPath);
  }
  for (const v of view.vfs.views()) {
    if (v.cwd.mount.fs === fs) v.cwd = { ...v.cwd, path: moved(v.cwd.path) };
    if (v.root.mount.fs === fs) v.root = { ...v.root, path: moved(v.root.path) };
  }
}
