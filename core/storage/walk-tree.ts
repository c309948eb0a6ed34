import type { Kernel } from '../kernel/kernel.js';
import type { FileStat } from '../kernel/types.js';

export interface TreeNode {
  /** Relative to the walked directory, no leading slash: `etc/passwd`. */
  readonly rel: string;
  readonly path: string;
  readonly st: FileStat;
}

/** Byte order, as Go's filepath.Walk sorts names: `docker diff` lists paths in this order. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every entry under a directory, parents before children, names sorted,
 * without following symlinks (lstat only): what diff and commit see of a
 * container's writable layer.
 */
export async function* walkTree(kernel: Kernel, dir: string, rel = ''): AsyncGenerator<TreeNode> {
  const names = (await kernel.readdir(rel === '' ? dir : `${dir}/${rel}`)).map((d) => d.name).sort(byName);
  for (const name of names) {
    const childRel = rel === '' ? name : `${rel}/${name}`;
    const path = `${dir}/${childRel}`;
    const st = await kernel.lstat(path);
    yield { rel: childRel, path, st };
    if (st.type === 'dir') yield* walkTree(kernel, dir, childRel);
  }
}
