import type { Kernel } from '../kernel/kernel.js';
import { readJsonOr, writeFileAtomic } from '../storage/atomic-file.js';
import { BlobStore } from '../storage/blob-store.js';
import { chainIds, isDigest, type Digest } from '../storage/digest.js';
import { LayerStore } from '../storage/layer-store.js';
import { DockbookError } from '../errors.js';
import { decodeJson, encodeJson, MEDIA, type ImageConfig, type Manifest } from './image-config.js';
import { imageConflict, imageNotFound } from './image-errors.js';
import { familiarString, parseReferenceWithDefaultTag, type ImageReference } from './reference.js';
import { Repositories } from './repositories.js';

/** Ids of the containers created from an image (running or not). The container layer injects it. */
export type ContainersUsing = (imageId: Digest) => Promise<readonly string[]> | readonly string[];

/** What the store keeps per image beyond its blobs. */
export interface ImageRecord {
  /** Digest of the OCI manifest in the blob store. */
  readonly manifest: Digest;
  /** The image this one was committed from, when made here: rmi keeps a parent its children need. */
  readonly parent?: Digest;
}

interface ImagesFile {
  images: Record<string, ImageRecord>;
}

/** A layer given to `addImage`: a tar to register, or the diff id of a tar the store already holds. */
export type LayerInput = Uint8Array | Digest;

export interface AddImageInput {
  /** The config exactly as stored (its digest becomes the image id), or a value to encode. */
  readonly config: Uint8Array | ImageConfig;
  /** Bottom first, matching config.rootfs.diff_ids. */
  readonly layers: readonly LayerInput[];
  readonly parent?: Digest;
  /** Manifest bytes to keep as they are (a loaded image keeps its manifest digest). */
  readonly manifest?: Uint8Array;
}

/**
 * Images on this host: an OCI manifest and config in the blob store, layers
 * in the layer store, names in repositories.json. The image id is the
 * config's digest, as in Docker, so the same image loaded twice is one image.
 */
export class ImageStore {
  readonly blobs: BlobStore;
  readonly layers: LayerStore;
  readonly imageDir: string;

  constructor(readonly kernel: Kernel, readonly root: string, private readonly containersUsing: ContainersUsing = () => []) {
    this.blobs = new BlobStore(kernel, root);
    this.layers = new LayerStore(kernel, root, this.blobs);
    this.imageDir = `${root}/image`;
  }

  async usedBy(id: Digest): Promise<readonly string[]> {
    return this.containersUsing(id);
  }

  // ── records ───────────────────────────────────────────────────────
  async records(): Promise<Record<string, ImageRecord>> {
    return (await readJsonOr<ImagesFile>(this.kernel, `${this.imageDir}/images.json`, { images: {} })).images;
  }

  async saveRecords(images: Record<string, ImageRecord>): Promise<void> {
    await this.kernel.mkdir(this.imageDir, { recursive: true });
    await writeFileAtomic(this.kernel, this.imageDir, 'images.json', JSON.stringify({ images }, null, 2));
  }

  async record(id: Digest): Promise<ImageRecord> {
    const r = (await this.records())[id];
    if (!r) throw imageNotFound(id);
    return r;
  }

  repositories(): Promise<Repositories> {
    return Repositories.load(this.kernel, this.imageDir);
  }

  async config(id: Digest): Promise<ImageConfig> {
    await this.record(id);
    return this.blobs.getJson<ImageConfig>(id);
  }

  async manifest(id: Digest): Promise<Manifest> {
    return this.blobs.getJson<Manifest>((await this.record(id)).manifest);
  }

  async ids(): Promise<Digest[]> {
    return Object.keys(await this.records()) as Digest[];
  }

  /** Chain ids of an image's layers, bottom first. */
  async chain(id: Digest): Promise<Digest[]> {
    return chainIds((s) => this.kernel.sha256(s), (await this.config(id)).rootfs.diff_ids);
  }

  /** Unpacked layer directories of an image, top first: overlay's lowerdir. */
  async layerDirs(id: Digest): Promise<string[]> {
    return (await this.chain(id)).reverse().map((c) => this.layers.diffDir(c));
  }

  /** Bytes of file content in all of an image's layers (`docker images` SIZE). */
  async size(id: Digest): Promise<number> {
    let total = 0;
    for (const c of await this.chain(id)) total += (await this.layers.get(c))?.size ?? 0;
    return total;
  }

  // ── adding ───────────────────────────────────────────────────────
  /**
   * Registers an image: its layers (unpacked once, shared by chain id), its
   * config and a manifest. The layers must hash to the config's diff_ids,
   * so a config cannot claim content it does not have.
   */
  async addImage(input: AddImageInput): Promise<Digest> {
    const configBytes = input.config instanceof Uint8Array ? input.config : encodeJson(input.config);
    const config = decodeJson<ImageConfig>(configBytes);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== input.layers.length) {
      throw new DockbookError('E_BAD_IMAGE', `image config lists ${diffIds.length} layers but ${input.layers.length} were given`, {
        hint: 'the archive is incomplete or its config does not belong to its layers',
      });
    }
    // Every layer is checked before any is registered, so a bad archive leaves no orphan layers behind.
    const tars: Uint8Array[] = [];
    for (const [i, layer] of input.layers.entries()) {
      const tar = typeof layer === 'string' ? await this.blobs.get(layer) : layer;
      const diffId = `sha256:${await this.kernel.sha256(tar)}`;
      if (diffId !== diffIds[i]) {
        throw new DockbookError('E_DIGEST_MISMATCH', `layer ${i + 1} hashes to ${diffId}, but the config says ${diffIds[i]}`, {
          hint: 'the archive is corrupt or was tampered with',
        });
      }
      tars.push(tar);
    }
    let parentChain: Digest | null = null;
    const descriptors = [];
    for (const tar of tars) {
      const record = await this.layers.register(tar, parentChain);
      descriptors.push({ mediaType: MEDIA.layer, digest: record.diffId, size: tar.length });
      parentChain = record.chainId;
    }
    const id = await this.blobs.put(configBytes);
    const manifestBytes = input.manifest ?? encodeJson({
      schemaVersion: 2, mediaType: MEDIA.manifest,
      config: { mediaType: MEDIA.config, digest: id, size: configBytes.length },
      layers: descriptors,
    } satisfies Manifest);
    const manifest = await this.blobs.put(manifestBytes);
    const records = await this.records();
    // The same config is the same image: adding it again keeps what is known of it (an image is never its own parent).
    const parent = input.parent !== undefined && input.parent !== id ? input.parent : records[id]?.parent;
    records[id] = { manifest, ...(parent !== undefined ? { parent } : {}) };
    await this.saveRecords(records);
    return id;
  }

  // ── names ────────────────────────────────────────────────────────
  /**
   * An image named the ways Docker accepts: a reference (`busybox`,
   * `busybox:1`, `busybox@sha256:…`), a full id, or a unique id prefix.
   */
  async resolve(nameOrId: string): Promise<{ id: Digest; ref: ImageReference | null }> {
    const records = await this.records();
    const full = nameOrId.startsWith('sha256:') ? nameOrId : `sha256:${nameOrId}`;
    if (isDigest(full) && records[full]) return { id: full, ref: null };
    let ref: ImageReference | null = null;
    try {
      ref = parseReferenceWithDefaultTag(nameOrId);
    } catch {
      // not a reference: it may still be an id prefix
    }
    if (ref) {
      const id = (await this.repositories()).lookup(ref);
      if (id && records[id]) return { id, ref };
    }
    if (/^(sha256:)?[a-f0-9]{1,64}$/.test(nameOrId)) {
      const matches = Object.keys(records).filter((id) => id.startsWith(full)) as Digest[];
      if (matches.length === 1) return { id: matches[0]!, ref: null };
      if (matches.length > 1) throw imageConflict(`${nameOrId} is ambiguous: it matches ${matches.length} images`, 'give more digits of the id');
    }
    throw imageNotFound(ref ? familiarString(ref) : nameOrId);
  }

  /** `docker tag SOURCE TARGET`. */
  async tag(source: string, target: string): Promise<void> {
    const { id } = await this.resolve(source);
    const ref = parseReferenceWithDefaultTag(target);
    if (ref.digest !== undefined) {
      throw new DockbookError('E_INVALID_REFERENCE', 'refusing to create a tag with a digest reference', { hint: 'a tag is name:tag; digests are given by content, not chosen' });
    }
    const repos = await this.repositories();
    repos.set(ref, id);
    await repos.save();
  }

  /** Names an image by a reference in one step (what load and build do). */
  async name(id: Digest, refs: readonly string[]): Promise<string[]> {
    if (refs.length === 0) return [];
    const repos = await this.repositories();
    const named = refs.map((r) => {
      const ref = parseReferenceWithDefaultTag(r);
      repos.set(ref, id);
      return familiarString(ref);
    });
    await repos.save();
    return named;
  }
}
