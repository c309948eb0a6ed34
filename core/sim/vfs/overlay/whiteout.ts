import type { FileSystem, FsNode } from '../filesystem.js';
import { WHITEOUT_RDEV } from '../device-numbers.js';

/** The xattrs overlayfs keeps on its upper layer (in the trusted namespace, so only root sees them). */
export const XATTR_PREFIX = 'trusted.overlay.';
export const OPAQUE_XATTR = 'trusted.overlay.opaque';
export const ORIGIN_XATTR = 'trusted.overlay.origin';
export const IMPURE_XATTR = 'trusted.overlay.impure';
export const UUID_XATTR = 'trusted.overlay.uuid';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const YES = encoder.encode('y');

/** A whiteout: a character device 0/0 (the older of the two forms the kernel reads, and the one it writes). */
export function isWhiteout(fs: FileSystem, node: FsNode): boolean {
  const st = fs.getattr(node);
  return st.type === 'char' && st.rdev === WHITEOUT_RDEV;
}

export function isOpaque(fs: FileSystem, node: FsNode): boolean {
  const v = fs.getxattr(node, OPAQUE_XATTR);
  return v !== null && decoder.decode(v) === 'y';
}

/** Whiteouts are made by the mounter (root) with no permission bits: `c--------- root root 0, 0`. */
export function makeWhiteout(fs: FileSystem, dir: FsNode, name: string): void {
  fs.create(dir, name, { type: 'char', mode: 0, uid: 0, gid: 0, rdev: WHITEOUT_RDEV });
}

export function setOpaque(fs: FileSystem, dir: FsNode): void {
  fs.setxattr(dir, OPAQUE_XATTR, YES);
}

export function setImpure(fs: FileSystem, dir: FsNode): void {
  if (fs.getxattr(dir, IMPURE_XATTR) === null) fs.setxattr(dir, IMPURE_XATTR, YES);
}

/** A directory about to be removed or replaced may still hold whiteouts: they go first, as ovl_cleanup_whiteouts does. */
export function clearWhiteouts(fs: FileSystem, dir: FsNode): void {
  for (const e of fs.readdir(dir)) {
    if (e.type !== 'char') continue;
    const n = fs.lookup(dir, e.name);
    if (n && isWhiteout(fs, n)) fs.unlink(dir, e.name);
  }
}

/**
 * The copy-up origin. The kernel stores a file handle of the lower inode;
 * the simulator stores its device and inode number, which is what stat needs
 * to keep st_ino stable across a copy-up.
 */
export function encodeOrigin(dev: number, ino: number): Uint8Array {
  return encoder.encode(`fh:${dev}:${ino}`);
}

export function decodeOrigin(value: Uint8Array | null): { dev: number; ino: number } | null {
  if (!value) return null;
  const m = /^fh:(\d+):(\d+)$/.exec(decoder.decode(value));
  return m ? { dev: Number(m[1]), ino: Number(m[2]) } : null;
}
