import { ensureBaseImage } from '../image/base-image.js';
import { listImages } from '../image/image-views.js';
import type { ImageStore } from '../image/image-store.js';
import type { GraphDriver } from '../storage/graph-driver.js';
import type { Digest } from '../storage/digest.js';
import type { ImageService, ImageSummary } from './image-service.js';

/**
 * The engine's view of the image store and the graph driver: an image found
 * by name or id, and a container's root filesystem made from its layers.
 * The built-in busybox image is made on first need, with no network.
 */
export class StoreImageService implements ImageService {
  private baseReady: Promise<unknown> | null = null;

  constructor(private readonly store: ImageStore, private readonly driver: GraphDriver) {}

  private ensureBase(): Promise<unknown> {
    this.baseReady ??= ensureBaseImage(this.store).catch((e: unknown) => {
      this.baseReady = null;
      throw e;
    });
    return this.baseReady;
  }

  async find(ref: string): Promise<ImageSummary | null> {
    if (/^(docker\.io\/)?(library\/)?busybox(:latest)?$/.test(ref)) await this.ensureBase();
    let id: Digest;
    try {
      id = (await this.store.resolve(ref)).id;
    } catch {
      return null;
    }
    return (await this.list()).find((i) => i.id === id) ?? null;
  }

  async list(): Promise<ImageSummary[]> {
    const rows = await listImages(this.store, { all: true });
    const byId = new Map<string, ImageSummary>();
    for (const r of rows) {
      const prev = byId.get(r.id);
      const tag = r.repository === '<none>' ? [] : [`${r.repository}:${r.tag}`];
      if (prev) {
        byId.set(r.id, { ...prev, repoTags: [...prev.repoTags, ...tag] });
        continue;
      }
      const config = (await this.store.config(r.id)).config ?? {};
      byId.set(r.id, { id: r.id, repoTags: tag, created: r.created, size: r.size, config: config as ImageSummary['config'] });
    }
    return [...byId.values()];
  }

  async mountRootfs(containerId: string, imageId: string): Promise<string> {
    const lowers = await this.store.layerDirs(imageId as Digest);
    await this.driver.create(containerId, lowers).catch(async (e: { code?: string }) => {
      // A restarted container keeps its writable layer: that is what makes its changes persist.
      if (e.code !== 'E_EXISTS') throw e;
    });
    return this.driver.mount(containerId);
  }

  unmountRootfs(containerId: string): Promise<void> {
    return this.driver.unmount(containerId);
  }

  removeLayer(containerId: string): Promise<void> {
    return this.driver.remove(containerId);
  }
}
