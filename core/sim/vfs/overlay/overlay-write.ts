import { WHITEOUT_RDEV } from '../device-numbers.js';
import { fail } from '../errno.js';
import type { CreateSpec, FileSystem, FsNode, SetAttr } from '../filesystem.js';
import { copyUp } from './copy-up.js';
import type { OverlayFs } from './overlay-fs.js';
import type { OverlayNode } from './overlay-node.js';
import { clearWhiteouts, isOpaque, isWhiteout, makeWhiteout, setOpaque } from './whiteout.js';

/**
 * Everything that changes a merged tree. Changes only ever reach the upper
 * layer: objects from below are copied up first, names from below are
 * deleted by whiteouts, and a directory that replaces a deleted one is made
 * opaque so the old contents stay hidden.
 */

function upperFs(ovl: OverlayFs): FileSystem {
  return ovl.upper?.fs ?? fail('EROFS');
}

function eventPath(path: readonly string[]): string {
  return `/${path.join('/')}`;
}

/** A data change (write, truncate): copy-up first — unless the simulator was told to get this wrong. */
export function writeData(ovl: OverlayFs, node: OverlayNode, change: (fs: FileSystem, node: FsNode) => void): void {
  const n = ovl.fresh(node);
  const lower = n.lowers[0];
  if (!n.upper && lower && ovl.faults().overlayWriteLowerInPlace) {
    change(lower.layer.fs, lower.node);
    return;
  }
  onUpper(ovl, n, change);
}

/** A metadata change (chmod, chown, xattrs): also a copy-up. */
export function onUpper(ovl: OverlayFs, node: OverlayNode, change: (fs: FileSystem, node: FsNode) => void): void {
  const fs = upperFs(ovl);
  const n = copyUp(ovl, node);
  change(fs, n.upper!);
}

export function setattr(ovl: OverlayFs, node: OverlayNode, attr: SetAttr): void {
  onUpper(ovl, node, (fs, n) => fs.setattr(n, attr));
}

export function create(ovl: OverlayFs, dir: OverlayNode, name: string, spec: CreateSpec): OverlayNode {
  const fs = upperFs(ovl);
  if (ovl.lookupChild(ovl.fresh(dir), name)) fail('EEXIST');
  // A whiteout made through the overlay would be indistinguishable from one it made itself.
  if (spec.type === 'char' && (spec.rdev ?? 0) === WHITEOUT_RDEV) fail('EPERM');
  const d = copyUp(ovl, dir);
  const existing = fs.lookup(d.upper!, name);
  const overWhiteout = existing !== null && isWhiteout(fs, existing);
  if (existing && !overWhiteout) fail('EEXIST');
  if (overWhiteout) fs.unlink(d.upper!, name);
  const made = fs.create(d.upper!, name, spec);
  if (overWhiteout && spec.type === 'dir') {
    setOpaque(fs, made);
    ovl.emit({ type: 'opaque', dev: ovl.dev, path: eventPath([...d.path, name]) });
  }
  return ovl.walkPath([...d.path, name]);
}

export function link(ovl: OverlayFs, dir: OverlayNode, name: string, target: OverlayNode): void {
  const fs = upperFs(ovl);
  if (ovl.lookupChild(ovl.fresh(dir), name)) fail('EEXIST');
  const t = copyUp(ovl, target);
  const d = copyUp(ovl, dir);
  const existing = fs.lookup(d.upper!, name);
  if (existing && isWhiteout(fs, existing)) fs.unlink(d.upper!, name);
  fs.link(d.upper!, name, ovl.fresh(t).upper!);
}

export function unlink(ovl: OverlayFs, dir: OverlayNode, name: string): void {
  const fs = upperFs(ovl);
  const d0 = ovl.fresh(dir);
  const child = ovl.lookupChild(d0, name) ?? fail('ENOENT');
  if (isDir(ovl, child)) fail('EISDIR');
  const needWhiteout = ovl.lowerPositive(d0, name);
  const d = copyUp(ovl, d0);
  if (child.upper) fs.unlink(d.upper!, name);
  if (needWhiteout) whiteout(ovl, d, name);
}

export function rmdir(ovl: OverlayFs, dir: OverlayNode, name: string): void {
  const fs = upperFs(ovl);
  const d0 = ovl.fresh(dir);
  const child = ovl.lookupChild(d0, name) ?? fail('ENOENT');
  if (!isDir(ovl, child)) fail('ENOTDIR');
  if (ovl.readdir(child).length > 0) fail('ENOTEMPTY');
  const needWhiteout = ovl.lowerPositive(d0, name);
  const d = copyUp(ovl, d0);
  if (child.upper) {
    clearWhiteouts(fs, child.upper);
    fs.rmdir(d.upper!, name);
  }
  if (needWhiteout) whiteout(ovl, d, name);
}

/**
 * rename(2) on an overlay. A directory that is merged or comes from a lower
 * layer cannot be moved (EXDEV: redirect_dir is off, as in Docker), which
 * is why `mv` falls back to copying. Anything else is copied up and renamed
 * in the upper layer; a whiteout is left behind if a lower layer still has
 * the old name, and a directory moved into a merged directory turns opaque.
 */
export function rename(ovl: OverlayFs, fromDir: OverlayNode, fromName: string, toDir: OverlayNode, toName: string): void {
  const fs = upperFs(ovl);
  const from0 = ovl.fresh(fromDir);
  const to0 = ovl.fresh(toDir);
  const src = ovl.lookupChild(from0, fromName) ?? fail('ENOENT');
  const srcIsDir = isDir(ovl, src);
  if (srcIsDir && src.lowers.length > 0) fail('EXDEV');
  const dst = ovl.lookupChild(to0, toName);
  if (dst) {
    const dstIsDir = isDir(ovl, dst);
    if (srcIsDir && !dstIsDir) fail('ENOTDIR');
    if (!srcIsDir && dstIsDir) fail('EISDIR');
    if (dstIsDir && ovl.readdir(dst).length > 0) fail('ENOTEMPTY');
  }
  const needWhiteout = ovl.lowerPositive(from0, fromName);
  const intoMerged = to0.lowers.length > 0;
  copyUp(ovl, src);
  copyUp(ovl, to0);
  const from = ovl.fresh(from0);
  const to = ovl.fresh(to0);
  const there = fs.lookup(to.upper!, toName);
  if (there && isWhiteout(fs, there)) fs.unlink(to.upper!, toName);
  else if (there && dst && isDir(ovl, dst)) clearWhiteouts(fs, there);
  fs.rename(from.upper!, fromName, to.upper!, toName);
  if (needWhiteout) whiteout(ovl, ovl.fresh(from), fromName);
  if (srcIsDir && intoMerged) {
    const moved = fs.lookup(ovl.fresh(to).upper!, toName)!;
    if (!isOpaque(fs, moved)) {
      setOpaque(fs, moved);
      ovl.emit({ type: 'opaque', dev: ovl.dev, path: eventPath([...to.path, toName]) });
    }
  }
}

function whiteout(ovl: OverlayFs, dir: OverlayNode, name: string): void {
  makeWhiteout(upperFs(ovl), dir.upper!, name);
  ovl.emit({ type: 'whiteout', dev: ovl.dev, path: eventPath([...dir.path, name]) });
}

function isDir(ovl: OverlayFs, n: OverlayNode): boolean {
  const top = ovl.top(n);
  return top.fs.getattr(top.node).type === 'dir';
}
