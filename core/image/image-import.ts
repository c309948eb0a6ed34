import { DockbookError } from '../errors.js';
import type { Digest } from '../storage/digest.js';
import { readTar } from '../storage/tar/tar-reader.js';
import { applyChanges } from './config-changes.js';
import { plainLayer } from './decompress.js';
import { imageArchitecture, type ImageConfig } from './image-config.js';
import type { ImageStore } from './image-store.js';

export interface ImportOptions {
  /** `repo:tag` to name the image; without one it is dangling (`<none>:<none>`). */
  readonly reference?: string;
  /** The history comment; Docker's default is "Imported from <source>". */
  readonly message?: string;
  /** `--change` instructions (CMD, ENV, WORKDIR, EXPOSE, …). */
  readonly changes?: readonly string[];
  /** Where the tar came from: "-" for an upload. */
  readonly source?: string;
}

/**
 * `docker import`: a root filesystem tar (gzip allowed) becomes an image of
 * one layer — the tar itself, so its diff id is the tar's digest — with a
 * config made only of the given changes and one history row whose comment
 * says where it came from.
 */
export async function importImage(store: ImageStore, archive: Uint8Array, opts: ImportOptions = {}): Promise<Digest> {
  const tar = await plainLayer(archive);
  if (tar.length === 0) throw new DockbookError('E_INVALID_ARGUMENT', 'the import source is empty', { hint: 'give a tar of a root filesystem (docker export makes one)' });
  for (const _ of readTar(tar)) { /* a malformed tar fails here, before anything is stored */ }
  const config = applyChanges({}, opts.changes ?? []);
  const created = new Date(store.kernel.now()).toISOString();
  const comment = opts.message || `Imported from ${opts.source ?? '-'}`;
  const image: ImageConfig & { comment: string } = {
    created,
    architecture: imageArchitecture((await store.kernel.uname()).machine),
    os: 'linux',
    comment,
    config,
    rootfs: { type: 'layers', diff_ids: [`sha256:${await store.kernel.sha256(tar)}` as Digest] },
    history: [{ created, comment }],
  };
  const id = await store.addImage({ config: new TextEncoder().encode(JSON.stringify(image)), layers: [tar] });
  if (opts.reference) await store.name(id, [opts.reference]);
  return id;
}
