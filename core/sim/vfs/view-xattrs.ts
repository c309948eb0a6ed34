import { fail } from './errno.js';
import type { FsView } from './fs-view.js';
import type { Location } from './mount.js';
import { MAY_READ, MAY_WRITE, permits } from './permissions.js';

const NAMESPACES = ['user.', 'trusted.', 'security.', 'system.'];

/**
 * Extended attributes with the kernel's namespace rules: trusted.* exists
 * only for root (others read ENODATA and may not write), user.* follows the
 * mode bits and lives only on files and directories.
 */
export function xattrGet(view: FsView, loc: Location, name: string): Uint8Array {
  checkName(name);
  if (name.startsWith('trusted.') && view.cred.uid !== 0) fail('ENODATA');
  if (name.startsWith('user.') && !permits(view.statOf(loc), view.cred, MAY_READ)) fail('EACCES');
  return loc.mount.fs.getxattr(loc.node, name) ?? fail('ENODATA');
}

export function xattrSet(view: FsView, loc: Location, name: string, value: Uint8Array): void {
  mayModify(view, loc, name);
  loc.mount.fs.setxattr(loc.node, name, value);
}

export function xattrRemove(view: FsView, loc: Location, name: string): void {
  mayModify(view, loc, name);
  loc.mount.fs.removexattr(loc.node, name);
}

export function xattrList(view: FsView, loc: Location): string[] {
  const names = loc.mount.fs.listxattr(loc.node);
  return view.cred.uid === 0 ? names : names.filter((n) => !n.startsWith('trusted.'));
}

function checkName(name: string): void {
  if (!NAMESPACES.some((p) => name.startsWith(p) && name.length > p.length)) fail('EOPNOTSUPP');
}

function mayModify(view: FsView, loc: Location, name: string): void {
  checkName(name);
  const root = view.cred.uid === 0;
  if ((name.startsWith('trusted.') || name.startsWith('security.')) && !root) fail('EPERM');
  if (name.startsWith('user.')) {
    const st = view.statOf(loc);
    if (st.type !== 'file' && st.type !== 'dir') fail('EPERM');
    if (!permits(st, view.cred, MAY_WRITE)) fail('EACCES');
  }
}
