import type { Digest } from '../storage/digest.js';
import type { GraphDriver } from '../storage/graph-driver.js';
import type { ContainerConfig, HistoryEntry, ImageConfig } from './image-config.js';
import type { ImageStore } from './image-store.js';

export interface CommitOptions {
  /** `repo:tag` to name the new image; without it the image is born dangling, as with `docker commit` alone. */
  readonly reference?: string;
  readonly author?: string;
  readonly comment?: string;
  /** The history row's CREATED BY; Docker puts the container's command there. */
  readonly createdBy?: string;
  /** Config changes (`docker commit --change`), merged over the image's config. */
  readonly changes?: Partial<ContainerConfig>;
}

/**
 * `docker commit`: the container's writable layer becomes one more layer on
 * top of its image's, with one more history row; the layers below are the
 * image's own, shared, not copied. The container should be paused or
 * stopped meanwhile (Docker pauses it).
 */
export async function commitContainer(
  store: ImageStore, driver: GraphDriver, containerId: string, imageId: Digest, opts: CommitOptions = {},
): Promise<Digest> {
  const parent = await store.config(imageId);
  const tar = await driver.diffTar(containerId);
  const diffId = `sha256:${await store.kernel.sha256(tar)}` as Digest;
  const created = new Date(store.kernel.now()).toISOString();
  const row: HistoryEntry = {
    created,
    created_by: opts.createdBy ?? '',
    ...(opts.author ? { author: opts.author } : {}),
    ...(opts.comment ? { comment: opts.comment } : {}),
  };
  const config: ImageConfig = {
    ...parent,
    created,
    ...(opts.author ? { author: opts.author } : {}),
    config: { ...(parent.config ?? {}), ...(opts.changes ?? {}) },
    rootfs: { type: 'layers', diff_ids: [...parent.rootfs.diff_ids, diffId] },
    history: [...(parent.history ?? []), row],
  };
  const id = await store.addImage({ config, layers: [...parent.rootfs.diff_ids, tar], parent: imageId });
  if (opts.reference) await store.name(id, [opts.reference]);
  return id;
}

/**
 * A container's SIZE and VIRTUAL SIZE as the books define them: size is its
 * writable layer alone; virtual size adds the image's read-only layers,
 * which other containers of the same image share.
 */
export async function containerSize(store: ImageStore, driver: GraphDriver, containerId: string, imageId: Digest): Promise<{ size: number; virtualSize: number }> {
  const size = await driver.size(containerId);
  return { size, virtualSize: size + (await store.size(imageId)) };
}
