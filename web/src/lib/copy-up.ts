import type { Observation } from '../../../labs/observation-types.js';

type Layers = Extract<Observation, { kind: 'layers' }>;

/** A file the image has that now sits in the writable layer: overlayfs copied it up on its first write. */
export function isCopiedUp(layers: Layers, path: string): boolean {
  return layers.paths.some((p) => p.path === path && p.imageLayers.length > 0 && p.writable === 'file');
}

export interface CopyUp {
  readonly path: string;
  /** The image layers it passes on its way up, from the one it came from (the uppermost that has it) to the top; 0 is the top layer. */
  readonly through: readonly number[];
}

/**
 * The files this observation shows copied up that the previous one of the
 * same container did not: each moves once, when it was copied, not again
 * every time the panel redraws.
 */
export function newCopyUps(previous: Layers | null, current: Layers): CopyUp[] {
  const before = previous && previous.container === current.container ? previous : null;
  return current.paths.flatMap((p) => {
    if (!isCopiedUp(current, p.path) || (before && isCopiedUp(before, p.path))) return [];
    const from = Math.min(...p.imageLayers);
    return [{ path: p.path, through: Array.from({ length: from + 1 }, (_, i) => from - i) }];
  });
}
