import { ensureBaseImage } from '../image/base-image.js';
import { commitContainer, containerSize } from '../image/commit.js';
import { pruneImages, removeImage } from '../image/image-remove.js';
import { imageDiskUsage } from '../image/image-disk-usage.js';
import { importImage } from '../image/image-import.js';
import { loadImages } from '../image/image-load.js';
import { saveImages } from '../image/image-save.js';
import { imageHistory, listImages } from '../image/image-views.js';
import type { ImageStore } from '../image/image-store.js';
import type { GraphDriver } from '../storage/graph-driver.js';
import type { Digest } from '../storage/digest.js';
import type { ImageService, ImageSummary } from './image-service.js';

const INIT_DIRS = ['/proc', '/sys', '/dev', '/dev/pts', '/dev/shm', '/dev/mqueue', '/etc'];
const INIT_FILES = ['/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/.dockerenv'];

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

  /**
   * Docker's "init layer": between the image and the container's writable
   * layer, the mount points the engine binds over (/etc/hosts, /proc, …).
   * With them already present below, the writable layer holds only what the
   * container itself changed — which is what diff and commit show.
   */
  private async initLayer(containerId: string): Promise<string> {
    const kernel = this.store.kernel;
    const dir = `${this.store.root}/overlay/${containerId}-init/diff`;
    for (const d of INIT_DIRS) await kernel.mkdir(`${dir}${d}`, { recursive: true, mode: 0o755 });
    for (const f of INIT_FILES) await kernel.writeFile(`${dir}${f}`, '', { mode: 0o755 });
    await kernel.symlink('/proc/mounts', `${dir}/etc/mtab`).catch(() => {});
    return dir;
  }

  async mountRootfs(containerId: string, imageId: string): Promise<string> {
    const lowers = [await this.initLayer(containerId), ...(await this.store.layerDirs(imageId as Digest))];
    await this.driver.create(containerId, lowers).catch(async (e: { code?: string }) => {
      // A restarted container keeps its writable layer: that is what makes its changes persist.
      if (e.code !== 'E_EXISTS') throw e;
    });
    return this.driver.mount(containerId);
  }

  unmountRootfs(containerId: string): Promise<void> {
    return this.driver.unmount(containerId);
  }

  async removeLayer(containerId: string): Promise<void> {
    await this.driver.remove(containerId);
    await this.store.kernel.remove(`${this.store.root}/overlay/${containerId}-init`, { recursive: true, force: true });
  }

  changes(containerId: string): ReturnType<ImageService['changes']> {
    return this.driver.changes(containerId);
  }

  commit(containerId: string, imageId: string, opts: Parameters<ImageService['commit']>[2]): Promise<string> {
    return commitContainer(this.store, this.driver, containerId, imageId as Digest, opts);
  }

  size(containerId: string, imageId: string): ReturnType<ImageService['size']> {
    return containerSize(this.store, this.driver, containerId, imageId as Digest);
  }

  history(ref: string): ReturnType<ImageService['history']> {
    return imageHistory(this.store, ref);
  }

  tag(source: string, target: string): Promise<void> {
    return this.store.tag(source, target);
  }

  remove(ref: string, force: boolean): ReturnType<ImageService['remove']> {
    return removeImage(this.store, ref, { force });
  }

  prune(all: boolean): ReturnType<ImageService['prune']> {
    return pruneImages(this.store, { all });
  }

  save(refs: readonly string[], format: 'docker' | 'oci'): Promise<Uint8Array> {
    return saveImages(this.store, refs, format);
  }

  async load(archive: Uint8Array): Promise<string[]> {
    return (await loadImages(this.store, archive)).map((i) => (i.references.length ? i.references.map((r) => `Loaded image: ${r}`).join('\n') : `Loaded image ID: ${i.id}`));
  }

  importTar(archive: Uint8Array, opts: Parameters<ImageService['importTar']>[1]): Promise<string> {
    return importImage(this.store, archive, opts);
  }

  diskUsage(): ReturnType<ImageService['diskUsage']> {
    return imageDiskUsage(this.store);
  }
}
