import { DockbookError } from '../errors.js';
import { isDigest, type Digest } from '../storage/digest.js';
import { filesFromTar, readJsonFile, type ArchiveFiles } from './archive-files.js';
import { plainLayer } from './decompress.js';
import { decodeJson, imageArchitecture, MEDIA, type ImageIndex, type Manifest, type Descriptor } from './image-config.js';
import type { ImageStore } from './image-store.js';
import { parseReference } from './reference.js';

/** One line per image, as `docker load` prints: `Loaded image: busybox:latest` or `Loaded image ID: sha256:…`. */
export interface LoadedImage {
  readonly id: Digest;
  readonly references: string[];
}

/** `docker save` writes manifest.json; each item names a config and its layers by path inside the archive. */
interface DockerManifestItem {
  readonly Config: string;
  readonly RepoTags?: readonly string[] | null;
  readonly Layers: readonly string[];
}

const REF_ANNOTATION = 'org.opencontainers.image.ref.name';
const CONTAINERD_NAME = 'io.containerd.image.name';

function badArchive(message: string): DockbookError {
  return new DockbookError('E_BAD_ARCHIVE', message, { hint: 'expected a `docker save` tar or an OCI image layout (oci-layout, index.json, blobs/)' });
}

/**
 * `docker load`: a `docker save` tar (old layout with <id>.json and
 * <id>/layer.tar, or Docker 25+'s blobs/sha256 layout) or an OCI image
 * layout, as a tar or as files. Every blob is checked against its digest,
 * every layer against the config's diff_ids, before the image is named.
 */
export async function loadImages(store: ImageStore, archive: Uint8Array | ArchiveFiles): Promise<LoadedImage[]> {
  const files = archive instanceof Uint8Array ? filesFromTar(archive) : archive;
  const dockerManifest = await readJsonFile<DockerManifestItem[]>(files, 'manifest.json');
  if (dockerManifest) return loadDockerSave(store, files, dockerManifest);
  if ((await files.read('oci-layout')) !== null) return loadOciLayout(store, files);
  throw badArchive('no manifest.json and no oci-layout: not an image archive');
}

async function need(files: ArchiveFiles, path: string): Promise<Uint8Array> {
  const data = await files.read(path);
  if (data === null) throw badArchive(`the archive lacks ${path}`);
  return data;
}

/** Blob paths named after a digest must hold that digest's content. */
async function checkNamedDigest(store: ImageStore, path: string, data: Uint8Array): Promise<void> {
  const m = /(?:^|\/)(?:blobs\/sha256\/)?([a-f0-9]{64})(?:\.json)?$/.exec(path);
  if (!m) return;
  const actual = await store.kernel.sha256(data);
  if (actual !== m[1]) {
    throw new DockbookError('E_DIGEST_MISMATCH', `${path} does not match its digest (content hashes to sha256:${actual})`, { hint: 'the archive is corrupt or was tampered with' });
  }
}

async function loadDockerSave(store: ImageStore, files: ArchiveFiles, items: DockerManifestItem[]): Promise<LoadedImage[]> {
  const loaded: LoadedImage[] = [];
  for (const item of items) {
    const config = await need(files, item.Config);
    await checkNamedDigest(store, item.Config, config);
    const layers: Uint8Array[] = [];
    for (const l of item.Layers) layers.push(await plainLayer(await need(files, l)));
    const id = await store.addImage({ config, layers });
    loaded.push({ id, references: await store.name(id, item.RepoTags ?? []) });
  }
  return loaded;
}

async function blob(store: ImageStore, files: ArchiveFiles, d: Descriptor): Promise<Uint8Array> {
  if (!isDigest(d.digest)) throw badArchive(`unsupported digest ${d.digest}`);
  const data = await need(files, `blobs/sha256/${d.digest.slice(7)}`);
  if (`sha256:${await store.kernel.sha256(data)}` !== d.digest) {
    throw new DockbookError('E_DIGEST_MISMATCH', `blob ${d.digest} does not match its digest`, { hint: 'the archive is corrupt or was tampered with' });
  }
  return data;
}

/** A reference the index names the image by: containerd's full name, or a ref.name that is a whole reference (not just "latest"). */
function referenceOf(d: Descriptor): string | null {
  const full = d.annotations?.[CONTAINERD_NAME];
  if (full) return full;
  const name = d.annotations?.[REF_ANNOTATION];
  if (!name || !/[/:]/.test(name)) return null;
  try {
    parseReference(name);
    return name;
  } catch {
    return null;
  }
}

async function loadOciLayout(store: ImageStore, files: ArchiveFiles): Promise<LoadedImage[]> {
  const index = await readJsonFile<ImageIndex>(files, 'index.json');
  if (!index?.manifests) throw badArchive('the OCI layout has no index.json');
  const arch = imageArchitecture((await store.kernel.uname()).machine);
  const loaded: LoadedImage[] = [];
  for (const top of index.manifests) {
    const manifestDesc = await pickManifest(store, files, top, arch);
    const manifestBytes = await blob(store, files, manifestDesc);
    const manifest = decodeJson<Manifest>(manifestBytes);
    const config = await blob(store, files, manifest.config);
    const layers: Uint8Array[] = [];
    let compressed = false;
    for (const l of manifest.layers) {
      const raw = await blob(store, files, l);
      const plain = await plainLayer(raw);
      compressed ||= plain !== raw;
      layers.push(plain);
    }
    // An uncompressed image keeps its manifest, so its manifest digest survives the trip; a compressed one gets a new manifest for the plain layers.
    const id = await store.addImage({ config, layers, ...(compressed ? {} : { manifest: manifestBytes }) });
    const ref = referenceOf(top);
    loaded.push({ id, references: await store.name(id, ref ? [ref] : []) });
  }
  return loaded;
}

/** An index entry may be a nested index (a multi-platform image): take the manifest for this host's platform. */
async function pickManifest(store: ImageStore, files: ArchiveFiles, d: Descriptor, arch: string, depth = 0): Promise<Descriptor> {
  if (d.mediaType !== MEDIA.index && d.mediaType !== MEDIA.dockerManifestList) return d;
  if (depth > 4) throw badArchive('image indexes nest too deeply');
  const nested = decodeJson<ImageIndex>(await blob(store, files, d));
  const match = nested.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === arch)
    ?? nested.manifests.find((m) => !m.platform);
  if (!match) throw new DockbookError('E_UNSUPPORTED', `the image has no variant for linux/${arch}`, { hint: 'save the image for this platform' });
  return pickManifest(store, files, match, arch, depth + 1);
}
