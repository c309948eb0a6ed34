import type { Kernel } from '../kernel/kernel.js';
import type { FileStat } from '../kernel/types.js';
import { walkTree } from './walk-tree.js';
import { isOpaqueValue, isOverlayWhiteout, OPAQUE_XATTR } from './whiteouts.js';

export interface MergedNode {
  /** Host path of the copy that wins: the topmost layer's. */
  readonly path: string;
  readonly st: FileStat;
}

function dropBelow(view: Map<string, MergedNode>, rel: string): void {
  for (const k of [...view.keys()]) if (k.startsWith(`${rel}/`)) view.delete(k);
}

/**
 * What overlayfs would show for a stack of layer directories (top first),
 * computed by walking them bottom-up: later layers replace paths, a
 * whiteout removes a path and all below it, an opaque directory hides what
 * lower layers had inside it. The copy driver uses it where the kernel
 * cannot do the merging.
 */
export async function mergedView(kernel: Kernel, lowersTopFirst: readonly string[]): Promise<Map<string, MergedNode>> {
  const view = new Map<string, MergedNode>();
  for (const layer of [...lowersTopFirst].reverse()) {
    for await (const { rel, path, st } of walkTree(kernel, layer)) {
      if (isOverlayWhiteout(st)) {
        view.delete(rel);
        dropBelow(view, rel);
        continue;
      }
      const before = view.get(rel);
      if (st.type !== 'dir' || (before && before.st.type !== 'dir')) dropBelow(view, rel);
      if (st.type === 'dir' && isOpaqueValue(await kernel.getxattr(path, OPAQUE_XATTR))) dropBelow(view, rel);
      view.set(rel, { path, st });
    }
  }
  return view;
}
