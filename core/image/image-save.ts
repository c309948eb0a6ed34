import type { Digest } from '../storage/digest.js';
import type { TarEntry } from '../storage/tar/tar-entry.js';
import { writeTar } from '../storage/tar/tar-writer.js';
import { encodeJson, MEDIA, type Descriptor, type ImageIndex } from './image-config.js';
import type { ImageStore } from './image-store.js';
import { familiarName, familiarString, parseReferenceWithDefaultTag, referenceString } from './reference.js';

export type SaveFormat = 'docker' | 'oci';

/**
 * `docker save`. Both formats share the OCI image layout (oci-layout,
 * index.json, blobs/sha256/…); `docker` adds the manifest.json and
 * repositories files older Docker reads, exactly as Docker 25+ writes them,
 * so either output loads in Docker, Podman and skopeo. Members are sorted
 * with fixed times: the same images save to the same bytes.
 */
export async function saveImages(store: ImageStore, names: readonly string[], format: SaveFormat = 'docker'): Promise<Uint8Array> {
  const blobs = new Map<Digest, Uint8Array>();
  const index: Descriptor[] = [];
  const dockerManifest: Array<{ Config: string; RepoTags: string[]; Layers: string[] }> = [];
  const repositories: Record<string, Record<string, string>> = {};

  const byImage = new Map<Digest, string[]>();
  for (const n of names) {
    const { id, ref } = await store.resolve(n);
    const refs = byImage.get(id) ?? [];
    if (ref && ref.digest === undefined) refs.push(referenceString(ref));
    byImage.set(id, refs);
  }

  for (const [id, refs] of byImage) {
    const record = await store.record(id);
    const manifest = await store.manifest(id);
    const manifestBytes = await store.blobs.get(record.manifest);
    blobs.set(record.manifest, manifestBytes);
    blobs.set(id, await store.blobs.get(id));
    for (const l of manifest.layers) blobs.set(l.digest, await store.blobs.get(l.digest));
    const desc = { mediaType: MEDIA.manifest, digest: record.manifest, size: manifestBytes.length };
    if (refs.length === 0) index.push(desc);
    for (const r of refs) {
      const ref = parseReferenceWithDefaultTag(r);
      index.push({ ...desc, annotations: { [`io.containerd.image.name`]: r, 'org.opencontainers.image.ref.name': ref.tag ?? 'latest' } });
      (repositories[familiarName(ref)] ??= {})[ref.tag ?? 'latest'] = manifest.layers.at(-1)?.digest.slice(7) ?? id.slice(7);
    }
    dockerManifest.push({
      Config: `blobs/sha256/${id.slice(7)}`,
      RepoTags: refs.map((r) => familiarString(parseReferenceWithDefaultTag(r))),
      Layers: manifest.layers.map((l) => `blobs/sha256/${l.digest.slice(7)}`),
    });
  }

  const file = (path: string, data: Uint8Array): TarEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, data });
  const dir = (path: string): TarEntry => ({ path, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 });
  const entries: TarEntry[] = [dir('blobs'), dir('blobs/sha256')];
  for (const [d, data] of [...blobs].sort(([a], [b]) => (a < b ? -1 : 1))) entries.push(file(`blobs/sha256/${d.slice(7)}`, data));
  entries.push(file('index.json', encodeJson({ schemaVersion: 2, mediaType: MEDIA.index, manifests: index } satisfies ImageIndex)));
  if (format === 'docker') {
    entries.push(file('manifest.json', encodeJson(dockerManifest)));
    entries.push(file('repositories', encodeJson(repositories)));
  }
  entries.push(file('oci-layout', encodeJson({ imageLayoutVersion: '1.0.0' })));
  return writeTar(entries);
}
