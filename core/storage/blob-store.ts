import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import { isMissing, tempName } from './atomic-file.js';
import { digestHex, type Digest } from './digest.js';

/**
 * Content-addressable storage: a blob's name is the sha256 of its bytes, so
 * the same content is stored once and any corruption is detectable. Layout as
 * Docker's containerd store and the OCI image layout:
 * `<root>/image/blobs/sha256/<hex>`.
 */
export class BlobStore {
  readonly dir: string;
  private readonly tmpDir: string;

  constructor(private readonly kernel: Kernel, root: string) {
    this.dir = `${root}/image/blobs/sha256`;
    this.tmpDir = `${root}/image/tmp`;
  }

  path(digest: Digest): string {
    return `${this.dir}/${digestHex(digest)}`;
  }

  /**
   * Stores bytes and returns their digest. When `expected` is given the
   * content must hash to it (a blob from an archive or registry is only
   * trusted once its digest checks out). Written to a temp file and renamed,
   * so a crash never leaves a blob whose name lies about its content.
   */
  async put(data: Uint8Array | string, expected?: Digest): Promise<Digest> {
    const digest = `sha256:${await this.kernel.sha256(data)}` as Digest;
    if (expected !== undefined && expected !== digest) {
      throw new DockbookError('E_DIGEST_MISMATCH', `content does not match its digest: expected ${expected}, got ${digest}`, {
        hint: 'the archive or download is corrupt or was tampered with',
      });
    }
    if (await this.has(digest)) return digest;
    await this.kernel.mkdir(this.dir, { recursive: true });
    await this.kernel.mkdir(this.tmpDir, { recursive: true });
    const tmp = `${this.tmpDir}/${tempName('blob')}`;
    try {
      await this.kernel.writeFile(tmp, data, { mode: 0o644 });
      await this.kernel.rename(tmp, this.path(digest));
    } catch (e) {
      await this.kernel.remove(tmp, { force: true }).catch(() => {});
      throw e;
    }
    return digest;
  }

  async has(digest: Digest): Promise<boolean> {
    return this.kernel.exists(this.path(digest));
  }

  async get(digest: Digest): Promise<Uint8Array> {
    try {
      return await this.kernel.readFile(this.path(digest));
    } catch (e) {
      if (isMissing(e)) throw new DockbookError('E_BLOB_NOT_FOUND', `blob ${digest} not found`, { hint: 'the image store is incomplete: remove the image and load it again', cause: e });
      throw e;
    }
  }

  async getJson<T>(digest: Digest): Promise<T> {
    return JSON.parse(new TextDecoder().decode(await this.get(digest))) as T;
  }

  async size(digest: Digest): Promise<number> {
    return (await this.kernel.stat(this.path(digest))).size;
  }

  /** Re-hashes a stored blob: true when its content still matches its name. */
  async verify(digest: Digest): Promise<boolean> {
    return `sha256:${await this.kernel.sha256File(this.path(digest))}` === digest;
  }

  async delete(digest: Digest): Promise<void> {
    await this.kernel.remove(this.path(digest), { force: true });
  }
}
