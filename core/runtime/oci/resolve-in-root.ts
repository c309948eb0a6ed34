import type { Kernel } from '../../kernel/kernel.js';
import { KernelError, isKernelError } from '../../kernel/kernel-error.js';
import { cleanPath, joinUnder } from './lexical-path.js';

/**
 * Linux gives up after 40 symlinks in one lookup (MAXSYMLINKS); the same limit
 * here makes a loop in the rootfs fail the way the kernel would.
 */
export const MAX_SYMLINKS = 40;

/**
 * Joins an untrusted path under root by lexical rules only: the path is
 * cleaned as if root were "/", so ".." can never climb out of it.
 * `securePath('/r', '../../etc')` → "/r/etc". Symlinks inside root are NOT
 * followed; when the path will be opened or mounted on, use resolveInRoot.
 */
export function securePath(root: string, unsafePath: string): string {
  const inside = cleanPath(`/${unsafePath}`);
  const base = cleanPath(root);
  if (inside === '/') return base;
  return joinUnder(base, inside.slice(1).split('/'));
}

/**
 * Resolves a path inside a container's rootfs to the host path it names,
 * following symlinks as the container would see them: as if root were "/".
 * An absolute link target starts again at root, ".." stops at root, so a
 * rootfs with `evil -> /etc` or `up -> ../../..` cannot lead a mount or a
 * write onto the host. (runc needs this for mount destinations; the image, not
 * the engine, decides what the rootfs contains.)
 *
 * Missing components are kept as they are (the caller may create them), but
 * every later component is still looked up, because "missing/../link" brings
 * the walk back to real, possibly symlinked, directories.
 *
 * This walks paths by name, so it is only as safe as the rootfs is still:
 * something changing the rootfs between this walk and the mount could swap a
 * directory for a link. No container process runs in the rootfs while a
 * runtime sets up its mounts, which is what makes that acceptable here.
 */
export async function resolveInRoot(
  kernel: Pick<Kernel, 'lstat' | 'readlink'>,
  root: string,
  unsafePath: string,
): Promise<string> {
  const base = cleanPath(root);
  const resolved: string[] = [];
  let pending = unsafePath.split('/');
  let linksFollowed = 0;

  while (pending.length > 0) {
    const part = pending[0]!;
    pending = pending.slice(1);
    if (part === '' || part === '.') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const host = joinUnder(base, [...resolved, part]);
    let isLink: boolean;
    try {
      isLink = (await kernel.lstat(host)).type === 'symlink';
    } catch (e) {
      if (!isMissing(e)) throw e;
      isLink = false;
    }
    if (!isLink) {
      resolved.push(part);
      continue;
    }
    linksFollowed += 1;
    if (linksFollowed > MAX_SYMLINKS) {
      throw new KernelError('resolveInRoot', `${unsafePath} under ${base}`, 'ELOOP', {
        hint: `more than ${MAX_SYMLINKS} symlinks on the way: the rootfs has a symlink loop`,
      });
    }
    const target = await kernel.readlink(host);
    if (target.startsWith('/')) resolved.length = 0;
    pending = [...target.split('/'), ...pending];
  }
  return joinUnder(base, resolved);
}

/** ENOTDIR counts as missing too: "file/x" does not exist any more than "nothing/x" does. */
function isMissing(e: unknown): boolean {
  return isKernelError(e) && (e.errnoCode === 'ENOENT' || e.errnoCode === 'ENOTDIR');
}
