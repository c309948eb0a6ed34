import type { MountFlag, MountSpec } from '../../kernel/types.js';
import { fail } from './errno.js';
import type { FsView } from './fs-view.js';
import { crossMounts, subtree } from './mount-namespace.js';
import { isMountRoot, rootOf, sameLocation, type AtimeMode, type Location, type Mount, type MountFlags } from './mount.js';
import { startsWithPath } from './paths.js';
import { dropPropagation, inheritPropagation, propagateAttach, propagateDetach, setPropagation, type PropagationType } from './propagation.js';
import { visiblePath, walk } from './resolve.js';

const PROPAGATION: ReadonlyArray<PropagationType> = ['shared', 'private', 'slave', 'unbindable'];

/**
 * mount(2), dispatched on its flags in the kernel's order (path_mount):
 * bind+remount changes one mount's flags, remount changes the superblock
 * too, bind copies a mount (or a tree of them), a propagation flag changes
 * the propagation type, move moves a mount, and anything else makes a new
 * filesystem.
 */
export function doMount(view: FsView, spec: MountSpec): void {
  const flags = new Set<MountFlag>(spec.flags ?? []);
  // The target is looked up before privilege is checked: a missing one is ENOENT even for a user.
  const target = resolveTarget(view, spec.target);
  if (view.cred.uid !== 0) fail('EPERM');
  if (flags.has('remount')) {
    remount(target, flags);
    return;
  }
  if (flags.has('bind')) {
    bind(view, spec.source, target, flags.has('rec'));
    return;
  }
  const types = PROPAGATION.filter((t) => flags.has(t));
  if (types.length > 0) {
    if (types.length > 1) fail('EINVAL');
    if (!isMountRoot(target)) fail('EINVAL');
    const mounts = flags.has('rec') ? subtree(target.mount) : [target.mount];
    for (const m of mounts) setPropagation(m, types[0]!, () => view.vfs.nextPeerGroupId());
    return;
  }
  if (flags.has('move')) {
    move(view, spec.source, target);
    return;
  }
  newMount(view, spec, flags, target);
}

/**
 * umount2(2): the path must be the root of a mount in this namespace. A
 * mount with mounts below it, or that a process sits in, is busy unless
 * `detach` asks for a lazy unmount, which takes the whole subtree away.
 */
export function doUmount(view: FsView, target: string, detach: boolean): void {
  const r = walk(view.ctx(), target, true);
  const loc = crossMounts(r.loc ?? fail('ENOENT'));
  if (view.cred.uid !== 0) fail('EPERM');
  if (!isMountRoot(loc)) fail('EINVAL');
  const m = loc.mount;
  if (!view.ns.has(m) || !m.parent) fail('EINVAL');
  if (!detach) {
    if (m.children.length > 0) fail('EBUSY');
    for (const v of view.vfs.views()) {
      if (v.root.mount === m || v.cwd.mount === m) fail('EBUSY');
    }
  }
  const parent = m.parent;
  propagateDetach(m, parent);
  for (const x of view.ns.detach(m)) dropPropagation(x);
}

/**
 * pivot_root(2) with the kernel's preconditions, checked in its order. The
 * old root is hung on put_old, the new root takes the old root's place, and
 * every process whose root or cwd was the old root moves to the new one.
 */
export function doPivotRoot(view: FsView, newRootPath: string, putOldPath: string): void {
  if (view.cred.uid !== 0) fail('EPERM');
  const newRoot = directory(view, newRootPath);
  // put_old is taken at the top of whatever is mounted on it (lock_mount).
  const putOld = crossMounts(directory(view, putOldPath));
  const root = view.root;
  const newMnt = newRoot.mount;
  const rootMnt = root.mount;
  const oldMnt = putOld.mount;
  if (oldMnt.isShared() || newMnt.parent?.isShared() || rootMnt.parent?.isShared()) fail('EINVAL');
  if (!view.ns.has(rootMnt) || !view.ns.has(newMnt)) fail('EINVAL');
  if (newMnt === rootMnt || oldMnt === rootMnt) fail('EBUSY');
  if (!isMountRoot(root) || !rootMnt.parent || !rootMnt.mountpoint) fail('EINVAL');
  if (!isMountRoot(newRoot) || !newMnt.parent) fail('EINVAL');
  if (!visiblePath(putOld, newRoot)) fail('EINVAL');
  if (!visiblePath(newRoot, root)) fail('EINVAL');

  const rootPlace: Location = { mount: rootMnt.parent, node: rootMnt.mountpoint, path: rootMnt.mpPath };
  view.ns.unhook(newMnt);
  view.ns.unhook(rootMnt);
  view.ns.rehook(rootMnt, putOld);
  view.ns.rehook(newMnt, rootPlace);
  const from = rootOf(rootMnt);
  const to = rootOf(newMnt);
  for (const v of view.vfs.views()) {
    if (sameLocation(v.root, from)) v.root = to;
    if (sameLocation(v.cwd, from)) v.cwd = to;
  }
}

/** The mount target: a plain walk that follows symlinks (mounts on the last name are crossed by the lookup itself). */
function resolveTarget(view: FsView, path: string): Location {
  const r = walk(view.ctx(), path, true);
  const loc = r.loc ?? fail('ENOENT');
  if (r.trailingSlash && view.statOf(loc).type !== 'dir') fail('ENOTDIR');
  return loc;
}

function directory(view: FsView, path: string): Location {
  const loc = resolveTarget(view, path);
  if (view.statOf(loc).type !== 'dir') fail('ENOTDIR');
  return loc;
}

function remount(target: Location, flags: Set<MountFlag>): void {
  if (!isMountRoot(target)) fail('EINVAL');
  const m = target.mount;
  m.flags = mountFlagsFrom(flags, m.flags.atime);
  // Without MS_BIND the superblock changes too, for every mount of that filesystem.
  if (!flags.has('bind')) m.fs.readOnly = flags.has('rdonly');
}

function bind(view: FsView, sourcePath: string, target: Location, recursive: boolean): void {
  const r = walk(view.ctx(), sourcePath, true);
  const source = r.loc ?? fail('ENOENT');
  if (!view.ns.has(source.mount)) fail('EINVAL');
  if (source.mount.unbindable) fail('EINVAL');
  const srcIsDir = view.statOf(source).type === 'dir';
  if (srcIsDir !== (view.statOf(target).type === 'dir')) fail('ENOTDIR');
  const copy = copyForBind(view, source, recursive);
  attach(view, copy, target);
}

/** clone_mnt, or copy_tree for `rec`: submounts below the source come along, unbindable ones do not. */
function copyForBind(view: FsView, source: Location, recursive: boolean): Mount {
  const top = view.ns.copyOf(source.mount, source.node, source.path);
  inheritPropagation(top, source.mount);
  if (!recursive) return top;
  const copyChildren = (orig: Mount, copy: Mount, under: readonly string[] | null): void => {
    for (const child of orig.children) {
      if (child.unbindable || !child.mountpoint) continue;
      if (under && !startsWithPath(child.mpPath, under)) continue;
      const c = view.ns.copyOf(child);
      inheritPropagation(c, child);
      c.parent = copy;
      c.mountpoint = child.mountpoint;
      c.mpPath = child.mpPath;
      c.mpKey = child.mpKey;
      copy.children.push(c);
      copyChildren(child, c, null);
    }
  };
  copyChildren(source.mount, top, source.path);
  return top;
}

function move(view: FsView, sourcePath: string, target: Location): void {
  const r = walk(view.ctx(), sourcePath, true);
  const source = r.loc ?? fail('ENOENT');
  const m = source.mount;
  if (!isMountRoot(source) || !m.parent || !view.ns.has(m)) fail('EINVAL');
  if (m.parent.isShared()) fail('EINVAL');
  // Moving a mount under itself would cut it off from the tree.
  if (subtree(m).includes(target.mount)) fail('ELOOP');
  view.ns.unhook(m);
  view.ns.rehook(m, target);
  propagateAttach(m, () => view.vfs.nextPeerGroupId());
}

function newMount(view: FsView, spec: MountSpec, flags: Set<MountFlag>, target: Location): void {
  if (!spec.fstype) fail('ENODEV');
  const factory = view.vfs.factoryFor(spec.fstype);
  if (view.statOf(target).type !== 'dir') fail('ENOTDIR');
  const readOnly = flags.has('rdonly');
  const fs = factory({
    vfs: view.vfs, source: spec.source, data: spec.data ?? '', readOnly,
    resolveDir: (p) => directory(view, p),
  });
  if (readOnly) fs.readOnly = true;
  const m = view.ns.newMount(fs, fs.root(), [], mountFlagsFrom(flags, null));
  attach(view, m, target);
}

function attach(view: FsView, m: Mount, target: Location): void {
  view.ns.attach(m, target);
  propagateAttach(m, () => view.vfs.nextPeerGroupId());
}

/**
 * Per-mount flags from MS_* flags. relatime is the default unless noatime or
 * strictatime is given; a remount that names no atime flag keeps the old one.
 */
function mountFlagsFrom(flags: Set<MountFlag>, keepAtime: AtimeMode | null): MountFlags {
  let atime: AtimeMode = 'relatime';
  if (flags.has('noatime')) atime = 'noatime';
  else if (flags.has('strictatime')) atime = 'strictatime';
  else if (!flags.has('relatime') && keepAtime) atime = keepAtime;
  return {
    readOnly: flags.has('rdonly'), nosuid: flags.has('nosuid'), nodev: flags.has('nodev'), noexec: flags.has('noexec'), atime,
  };
}
