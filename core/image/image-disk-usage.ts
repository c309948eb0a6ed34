import type { Digest } from '../storage/digest.js';
import type { ImageStore } from './image-store.js';

export interface ImageUsage {
  readonly id: Digest;
  /** All of the image's layers (`docker images` SIZE). */
  readonly size: number;
  /** Bytes in layers some other image also has: they stay if this image goes. */
  readonly sharedSize: number;
}

export interface LayerUsage {
  /** Every registered layer once, however many images stack on it: the disk they really take. */
  readonly layersSize: number;
  readonly images: readonly ImageUsage[];
}

/**
 * What `docker system df` knows of images: layers are stored once per
 * chain, so LayersSize counts each once, and an image's SHARED SIZE is what
 * it has in common with other images (removing it would not free that).
 */
export async function imageDiskUsage(store: ImageStore): Promise<LayerUsage> {
  const chains = new Map<Digest, Digest[]>();
  const users = new Map<Digest, number>();
  for (const id of await store.ids()) {
    const chain = await store.chain(id);
    chains.set(id, chain);
    for (const c of new Set(chain)) users.set(c, (users.get(c) ?? 0) + 1);
  }
  const sizes = new Map<Digest, number>();
  let layersSize = 0;
  for (const layer of await store.layers.list()) {
    sizes.set(layer.chainId, layer.size);
    layersSize += layer.size;
  }
  const images = [...chains].map(([id, chain]) => ({
    id,
    size: chain.reduce((n, c) => n + (sizes.get(c) ?? 0), 0),
    sharedSize: chain.filter((c) => (users.get(c) ?? 0) > 1).reduce((n, c) => n + (sizes.get(c) ?? 0), 0),
  }));
  return { layersSize, images };
}
