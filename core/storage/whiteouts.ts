import type { FileStat } from '../kernel/types.js';

/**
 * How a layer says "deleted" (OCI image spec, "Whiteouts"), and how overlayfs
 * says the same on disk:
 *
 *   in the tar       `dir/.wh.name`   → on disk: char device 0/0 at `dir/name`
 *   in the tar       `dir/.wh..wh..opq` → on disk: xattr trusted.overlay.opaque=y on `dir`
 *
 * An opaque directory hides everything the layers below have in it.
 */
export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';
/** Other `.wh..wh.` names are aufs bookkeeping (`.wh..wh.plnk`): Docker skips them, so does this. */
export const AUFS_META_PREFIX = '.wh..wh.';
export const OPAQUE_XATTR = 'trusted.overlay.opaque';

export function isOverlayWhiteout(st: Pick<FileStat, 'type' | 'rdev'>): boolean {
  return st.type === 'char' && st.rdev === 0;
}

export function isOpaqueValue(value: Uint8Array | null): boolean {
  return value !== null && value.length === 1 && value[0] === 0x79; // 'y'
}
