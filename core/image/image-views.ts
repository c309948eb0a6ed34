import type { Digest } from '../storage/digest.js';
import type { ImageConfig } from './image-config.js';
import type { ImageStore } from './image-store.js';

/** One row of `docker images`. An image with two tags is two rows; one with none is `<none>`/`<none>`. */
export interface ImageRow {
  readonly repository: string;
  readonly tag: string;
  readonly id: Digest;
  readonly created: string;
  readonly size: number;
}

const NONE = '<none>';

/** Splits a familiar reference into the REPOSITORY and TAG columns (the ":" of a port is not a tag). */
function splitRef(ref: string): { repository: string; tag: string } {
  const at = ref.indexOf('@');
  if (at >= 0) return { repository: ref.slice(0, at), tag: NONE };
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { repository: ref, tag: NONE };
}

/**
 * `docker images`: newest first. Like Docker it hides intermediate images
 * (untagged parents of other images) unless `all` is set; a dangling image
 * (no name, no children) is always shown.
 */
export async function listImages(store: ImageStore, opts: { all?: boolean; dangling?: boolean } = {}): Promise<ImageRow[]> {
  const records = await store.records();
  const repos = await store.repositories();
  const parents = new Set(Object.values(records).map((r) => r.parent).filter((p): p is Digest => p !== undefined));
  const rows: ImageRow[] = [];
  for (const id of Object.keys(records) as Digest[]) {
    const config = await store.config(id);
    const created = config.created ?? '';
    const size = await store.size(id);
    const refs = repos.refsOf(id);
    const tagged = refs.filter((r) => !r.includes('@'));
    if (refs.length === 0) {
      if (parents.has(id) && !opts.all) continue;
      rows.push({ repository: NONE, tag: NONE, id, created, size });
      continue;
    }
    if (opts.dangling) continue;
    const shown = tagged.length > 0 ? tagged : refs;
    for (const r of shown) rows.push({ ...splitRef(r), id, created, size });
  }
  const visible = opts.dangling ? rows.filter((r) => r.repository === NONE) : rows;
  return visible.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.repository.localeCompare(b.repository) || a.tag.localeCompare(b.tag)));
}

/** The parts of `docker image inspect` this engine knows. */
export interface ImageInspect {
  readonly Id: Digest;
  readonly RepoTags: string[];
  readonly RepoDigests: string[];
  readonly Parent: string;
  readonly Comment: string;
  readonly Created: string;
  readonly Author: string;
  readonly Config: ImageConfig['config'] | null;
  readonly Architecture: string;
  readonly Os: string;
  readonly Size: number;
  readonly GraphDriver: { readonly Name: string; readonly Data: { readonly LowerDir: string } };
  readonly RootFS: { readonly Type: string; readonly Layers: readonly Digest[] };
  readonly Manifest: Digest;
}

export async function inspectImage(store: ImageStore, nameOrId: string): Promise<ImageInspect> {
  const { id } = await store.resolve(nameOrId);
  const record = await store.record(id);
  const config = await store.config(id);
  const refs = (await store.repositories()).refsOf(id);
  const last = config.history?.[config.history.length - 1];
  return {
    Id: id,
    RepoTags: refs.filter((r) => !r.includes('@')),
    RepoDigests: refs.filter((r) => r.includes('@')),
    Parent: record.parent ?? '',
    Comment: last?.comment ?? '',
    Created: config.created ?? '',
    Author: config.author ?? '',
    Config: config.config ?? null,
    Architecture: config.architecture,
    Os: config.os,
    Size: await store.size(id),
    GraphDriver: { Name: 'overlay', Data: { LowerDir: (await store.layerDirs(id)).join(':') } },
    RootFS: { Type: config.rootfs.type, Layers: config.rootfs.diff_ids },
    Manifest: record.manifest,
  };
}

/** One row of `docker history`, newest first. */
export interface HistoryRow {
  /** The image this step produced when it exists here, else `<missing>` (as Docker shows for pulled images). */
  readonly id: string;
  readonly created: string;
  readonly createdBy: string;
  /** Bytes of the layer this step made; 0 for a config-only step. */
  readonly size: number;
  readonly comment: string;
  readonly emptyLayer: boolean;
}

/**
 * `docker history`: one row per history entry; entries that made a layer
 * are matched, in order, with rootfs.diff_ids to find their size.
 */
export async function imageHistory(store: ImageStore, nameOrId: string): Promise<HistoryRow[]> {
  const { id } = await store.resolve(nameOrId);
  const config = await store.config(id);
  const history = config.history ?? [];
  const chain = await store.chain(id);

  // The image made by history step i is known here when some ancestor's history ends at i.
  const owners = new Map<number, Digest>();
  const records = await store.records();
  for (let cur: Digest | undefined = id; cur !== undefined && records[cur]; cur = records[cur]?.parent) {
    owners.set(((await store.config(cur)).history?.length ?? 0) - 1, cur);
  }

  const rows: HistoryRow[] = [];
  let layer = 0;
  for (const [i, h] of history.entries()) {
    const empty = h.empty_layer === true;
    const chainId = empty ? undefined : chain[layer];
    if (!empty) layer += 1;
    rows.push({
      id: owners.get(i) ?? '<missing>',
      created: h.created ?? '',
      createdBy: h.created_by ?? '',
      size: chainId ? ((await store.layers.get(chainId))?.size ?? 0) : 0,
      comment: h.comment ?? '',
      emptyLayer: empty,
    });
  }
  return rows.reverse();
}
