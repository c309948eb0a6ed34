import { fail } from '../errno.js';
import type { OverlayFs } from './overlay-fs.js';
import type { OverlayNode } from './overlay-node.js';
import { ORIGIN_XATTR, XATTR_PREFIX, encodeOrigin, isWhiteout, setImpure } from './whiteout.js';

/**
 * Copies a lower object into the upper layer (ovl_copy_up_one): its parent
 * directories first, then the object itself with the same type, mode,
 * owner, mtime, symlink target or device number, the whole content of a
 * file, and its xattrs. The copy remembers its origin (for a directory, or a
 * file with one link: copying up a hard-linked file breaks the link), the
 * upper parent is marked impure and keeps its mtime. Returns the node as it
 * is now, with its upper object.
 */
export function copyUp(ovl: OverlayFs, node: OverlayNode): OverlayNode {
  const upper = ovl.upper ?? fail('EROFS');
  let n = ovl.fresh(node);
  if (n.upper) return n;
  const parent = copyUp(ovl, n.parentNode ?? fail('EIO'));
  const parentUpper = parent.upper!;
  n = ovl.fresh(n);
  if (n.upper) return n;
  const ufs = upper.fs;
  const existing = ufs.lookup(parentUpper, n.name);
  if (existing && !isWhiteout(ufs, existing)) return ovl.walkPath(n.path);

  const src = n.lowers[0] ?? fail('EIO');
  const sfs = src.layer.fs;
  const st = sfs.getattr(src.node);
  if (st.type === 'socket') fail('EOPNOTSUPP');
  const parentMtime = ufs.getattr(parentUpper).mtimeMs;
  const copy = ufs.create(parentUpper, n.name, {
    type: st.type, mode: st.mode, uid: st.uid, gid: st.gid, rdev: st.rdev,
    target: st.type === 'symlink' ? sfs.readlink(src.node) : undefined,
  });
  if (st.type === 'file') ufs.write(copy, sfs.read(src.node), false);
  for (const name of sfs.listxattr(src.node)) {
    if (name.startsWith(XATTR_PREFIX)) continue;
    const value = sfs.getxattr(src.node, name);
    if (value) ufs.setxattr(copy, name, value);
  }
  if (st.type === 'dir' || st.nlink === 1) ufs.setxattr(copy, ORIGIN_XATTR, encodeOrigin(sfs.dev, st.ino));
  ufs.setattr(copy, { mtimeMs: st.mtimeMs });
  setImpure(ufs, parentUpper);
  ufs.setattr(parentUpper, { mtimeMs: parentMtime });
  ovl.emit({
    type: 'copy-up', dev: ovl.dev, path: `/${n.path.join('/')}`, fromLayer: src.layer.index, size: st.size, nodeType: st.type,
  });
  return ovl.walkPath(n.path);
}
