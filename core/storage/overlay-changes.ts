import type { Kernel } from '../kernel/kernel.js';
import { lstatOrNull } from './atomic-file.js';
import type { Change } from './graph-driver.js';
import { walkTree } from './walk-tree.js';
import { isOpaqueValue, isOverlayWhiteout, OPAQUE_XATTR } from './whiteouts.js';

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/**
 * `docker diff` of an overlay container, read from its upper directory the
 * way Docker's overlay driver does:
 *
 * - a whiteout device is D; so is an opaque directory (it replaced a
 *   directory of the image, whose old content is gone);
 * - anything else is A, or C when some lower layer has the same path — but a
 *   directory that only got copied up because something inside it changed
 *   (same mode, size and mtime as below) is not a change by itself;
 * - the parent of an added or deleted path is reported C (once), even if
 *   overlay kept its mtime: its listing changed.
 */
export async function overlayChanges(kernel: Kernel, upper: string, lowers: readonly string[]): Promise<Change[]> {
  const changes: Change[] = [];
  const changedDirs = new Set<string>();
  for await (const { rel, path, st } of walkTree(kernel, upper)) {
    const abs = `/${rel}`;
    let kind: Change['kind'];
    const opaque = st.type === 'dir' && isOpaqueValue(await kernel.getxattr(path, OPAQUE_XATTR));
    if (isOverlayWhiteout(st) || opaque) {
      kind = 'D';
    } else {
      kind = 'A';
      let unchangedDir = false;
      for (const lower of lowers) {
        const below = await lstatOrNull(kernel, `${lower}/${rel}`);
        if (below === null) continue;
        unchangedDir = below.type === 'dir' && st.type === 'dir' && below.size === st.size && below.mode === st.mode && below.mtimeMs === st.mtimeMs;
        kind = 'C';
        break;
      }
      if (unchangedDir) continue;
    }
    if (st.type === 'dir') changedDirs.add(abs);
    if (kind !== 'C') {
      const parent = parentOf(abs);
      if (parent !== '/' && !changedDirs.has(parent)) {
        changes.push({ kind: 'C', path: parent });
        changedDirs.add(parent);
      }
    }
    changes.push({ kind, path: abs });
  }
  return changes;
}

/**
 * Bytes in a directory tree as Docker measures a layer or a volume: the
 * st_size of every non-directory (a symlink's is its target's length), each
 * inode once (hardlinks share their bytes).
 */
export async function treeSize(kernel: Kernel, dir: string): Promise<number> {
  const seen = new Set<number>();
  let total = 0;
  for await (const { st } of walkTree(kernel, dir)) {
    if (st.type === 'dir' || seen.has(st.ino)) continue;
    seen.add(st.ino);
    total += st.size;
  }
  return total;
}
