import type { Kernel } from '../kernel/kernel.js';
import { isMissing, readJsonOr, tempName, writeFileAtomic } from './atomic-file.js';
import type { BlobStore } from './blob-store.js';
import { digestHex, type Digest } from './digest.js';
import { unpackLayer } from './unpack.js';
import { layerNotFound } from './storage-errors.js';

/** What the store remembers of one unpacked layer (Docker keeps the same in image/overlay2/layerdb). */
export interface LayerRecord {
  /** Names this layer with everything under it: the key layers are shared by. */
  readonly chainId: Digest;
  /** sha256 of the uncompressed layer tar (what an image config lists in rootfs.diff_ids). */
  readonly diffId: Digest;
  readonly parent: Digest | null;
  /** Bytes of file content in the layer. */
  readonly size: number;
}

/**
 * Read-only layers, each unpacked once under `<root>/overlay/<chain hex>/diff`
 * and shared by every image whose stack contains it. The layer tar itself is
 * kept in the blob store (its digest is the diff id), which is what `save`
 * and `push`-like operations hand out again.
 *
 * A layer becomes visible only once complete: it is unpacked into a temp
 * directory, renamed into place, and then its record is written. A refused
 * or failed unpack leaves neither a directory nor a record.
 */
export class LayerStore {
  private readonly overlayDir: string;
  private readonly dbDir: string;

  constructor(private readonly kernel: Kernel, root: string, private readonly blobs: BlobStore) {
    this.overlayDir = `${root}/overlay`;
    this.dbDir = `${root}/image/layerdb/sha256`;
  }

  /** The unpacked content of a layer: what overlay gets as one lowerdir. */
  diffDir(chainId: Digest): string {
    return `${this.overlayDir}/${digestHex(chainId)}/diff`;
  }

  async get(chainId: Digest): Promise<LayerRecord | null> {
    return readJsonOr<LayerRecord | null>(this.kernel, `${this.dbDir}/${digestHex(chainId)}.json`, null);
  }

  async list(): Promise<LayerRecord[]> {
    let names: string[];
    try {
      names = (await this.kernel.readdir(this.dbDir)).map((d) => d.name).filter((n) => n.endsWith('.json'));
    } catch (e) {
      if (isMissing(e)) return [];
      throw e;
    }
    const out: LayerRecord[] = [];
    for (const n of names) {
      const r = await this.get(`sha256:${n.slice(0, -'.json'.length)}` as Digest);
      if (r) out.push(r);
    }
    return out;
  }

  /** Directories of a layer and all below it, top first: overlay's lowerdir order. */
  async stackDirs(chainId: Digest | null): Promise<string[]> {
    const dirs: string[] = [];
    for (let id = chainId; id !== null;) {
      const r = await this.get(id);
      if (!r) throw layerNotFound(id);
      dirs.push(this.diffDir(id));
      id = r.parent;
    }
    return dirs;
  }

  /**
   * Registers a layer tar on top of `parent`: hashes it, and unpacks it only
   * when no image has brought the same chain before.
   */
  async register(tar: Uint8Array, parent: Digest | null): Promise<LayerRecord> {
    const diffId = `sha256:${await this.kernel.sha256(tar)}` as Digest;
    const chainId = parent === null ? diffId : (`sha256:${await this.kernel.sha256(`${parent} ${diffId}`)}` as Digest);
    const known = await this.get(chainId);
    if (known && (await this.kernel.exists(this.diffDir(chainId)))) return known;

    const lowerDirs = await this.stackDirs(parent);
    await this.kernel.mkdir(this.overlayDir, { recursive: true });
    const tmp = `${this.overlayDir}/${tempName(digestHex(chainId).slice(0, 12))}`;
    const final = `${this.overlayDir}/${digestHex(chainId)}`;
    let size: number;
    try {
      await this.kernel.mkdir(`${tmp}/diff`, { recursive: true, mode: 0o755 });
      size = (await unpackLayer(this.kernel, tar, `${tmp}/diff`, { lowerDirs })).size;
      // A directory without a record is a leftover of a crash: it was never shared, so it can go.
      if (await this.kernel.exists(final)) await this.kernel.remove(final, { recursive: true, force: true });
      await this.kernel.rename(tmp, final);
    } catch (e) {
      await this.kernel.remove(tmp, { recursive: true, force: true }).catch(() => {});
      throw e;
    }
    await this.blobs.put(tar, diffId);
    const record: LayerRecord = { chainId, diffId, parent, size };
    await this.kernel.mkdir(this.dbDir, { recursive: true });
    await writeFileAtomic(this.kernel, this.dbDir, `${digestHex(chainId)}.json`, JSON.stringify(record));
    return record;
  }

  /** The layer tar as registered (its digest is the diff id). */
  async tar(chainId: Digest): Promise<Uint8Array> {
    const r = await this.get(chainId);
    if (!r) throw layerNotFound(chainId);
    return this.blobs.get(r.diffId);
  }

  /**
   * Forgets a layer: record first (so it is never half-visible), then its
   * directory, then its tar unless another chain holds the same diff.
   */
  async remove(chainId: Digest): Promise<void> {
    const r = await this.get(chainId);
    await this.kernel.remove(`${this.dbDir}/${digestHex(chainId)}.json`, { force: true });
    await this.kernel.remove(`${this.overlayDir}/${digestHex(chainId)}`, { recursive: true, force: true });
    if (r && !(await this.list()).some((o) => o.diffId === r.diffId)) await this.blobs.delete(r.diffId);
  }
}
