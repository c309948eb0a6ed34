import type { Digest } from '../storage/digest.js';
import { shortId } from '../storage/digest.js';
import { imageConflict, imageInUse } from './image-errors.js';
import type { ImageStore } from './image-store.js';
import { familiarString, parseReferenceWithDefaultTag } from './reference.js';

/** What `docker rmi` prints, line by line: `Untagged: busybox:latest`, `Deleted: sha256:…`. */
export type RemovalLine = { readonly untagged: string } | { readonly deleted: Digest };

export interface PruneResult {
  readonly lines: RemovalLine[];
  /** Bytes of layer content freed (layers still used by other images are not freed). */
  readonly spaceReclaimed: number;
}

/**
 * `docker rmi` with Docker's rules:
 * - a name that is one of several names of an image only removes that name;
 * - an image a container uses is refused, unless forced; forced, it loses its
 *   names but stays (a dangling `<none>:<none>` image) for the container;
 * - by id, an image with several names needs force;
 * - an image with child images is never deleted (by name it is only untagged);
 * - deleting an image frees only the layers no other image shares, then its
 *   parent too when that is left with no name and no other child.
 */
export async function removeImage(store: ImageStore, nameOrId: string, opts: { force?: boolean } = {}): Promise<RemovalLine[]> {
  const { id, ref } = await store.resolve(nameOrId);
  const repos = await store.repositories();
  const refs = repos.refsOf(id);
  const lines: RemovalLine[] = [];
  const byName = ref !== null;

  if (byName && refs.length > 1) {
    repos.delete(ref);
    await repos.save();
    return [{ untagged: familiarString(ref) }];
  }

  const users = await store.usedBy(id);
  if (users.length > 0 && !opts.force) {
    throw imageInUse(byName
      ? `unable to remove repository reference "${nameOrId}" (must force) - container ${shortId(users[0]!)} is using its referenced image ${shortId(id)}`
      : `unable to delete ${shortId(id)} (must be forced) - image is being used by container ${shortId(users[0]!)}`);
  }
  if (!byName && refs.length > 1 && !opts.force) {
    throw imageConflict(`unable to delete ${shortId(id)} (must be forced) - image is referenced in multiple repositories`, 'remove the names one by one, or use -f');
  }
  const children = await childrenOf(store, id);
  if (!byName && children.length > 0) {
    throw imageConflict(`unable to delete ${shortId(id)} (cannot be forced) - image has dependent child images`, 'remove the images built from it first');
  }

  for (const r of refs) {
    repos.delete(parseReferenceWithDefaultTag(r));
    lines.push({ untagged: r });
  }
  await repos.save();
  if (users.length > 0 || children.length > 0) return lines;

  lines.push(...(await deleteWithDanglingParents(store, id)).lines);
  return lines;
}

/**
 * `docker image prune`: dangling images (no name, no child image), or with
 * `all` every image no container uses. Images in use are never touched.
 */
export async function pruneImages(store: ImageStore, opts: { all?: boolean } = {}): Promise<PruneResult> {
  const lines: RemovalLine[] = [];
  let spaceReclaimed = 0;
  // Deleting a child can make its parent prunable, so repeat until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    const repos = await store.repositories();
    for (const id of await store.ids()) {
      if (!(await store.records())[id]) continue;
      if ((await store.usedBy(id)).length > 0 || (await childrenOf(store, id)).length > 0) continue;
      const refs = repos.refsOf(id);
      if (refs.length > 0 && !opts.all) continue;
      for (const r of refs) {
        repos.delete(parseReferenceWithDefaultTag(r));
        lines.push({ untagged: r });
      }
      await repos.save();
      const result = await deleteImage(store, id);
      lines.push(...result.lines);
      spaceReclaimed += result.freed;
      changed = true;
    }
  }
  return { lines, spaceReclaimed };
}

async function childrenOf(store: ImageStore, id: Digest): Promise<Digest[]> {
  return Object.entries(await store.records()).filter(([, r]) => r.parent === id).map(([c]) => c as Digest);
}

async function deleteWithDanglingParents(store: ImageStore, id: Digest): Promise<{ lines: RemovalLine[] }> {
  const lines: RemovalLine[] = [];
  let parent = (await store.record(id)).parent;
  lines.push(...(await deleteImage(store, id)).lines);
  while (parent !== undefined) {
    const records = await store.records();
    if (!records[parent]) break;
    const repos = await store.repositories();
    if (repos.refsOf(parent).length > 0 || (await store.usedBy(parent)).length > 0 || (await childrenOf(store, parent)).length > 0) break;
    const next = records[parent]?.parent;
    lines.push(...(await deleteImage(store, parent)).lines);
    parent = next;
  }
  return { lines };
}

/**
 * Drops one image and the layers only it used. Its config and manifest
 * blobs go; layers go when no remaining image's chain contains them.
 */
async function deleteImage(store: ImageStore, id: Digest): Promise<{ lines: RemovalLine[]; freed: number }> {
  const records = await store.records();
  const record = records[id];
  if (!record) return { lines: [], freed: 0 };
  const chain = await store.chain(id);
  delete records[id];
  await store.saveRecords(records);

  const kept = new Set<string>();
  for (const other of Object.keys(records) as Digest[]) for (const c of await store.chain(other)) kept.add(c);
  const lines: RemovalLine[] = [{ deleted: id }];
  let freed = 0;
  for (const c of [...chain].reverse()) {
    if (kept.has(c)) continue;
    freed += (await store.layers.get(c))?.size ?? 0;
    await store.layers.remove(c);
    lines.push({ deleted: c });
  }
  const manifestStillUsed = Object.values(records).some((r) => r.manifest === record.manifest);
  if (!manifestStillUsed) await store.blobs.delete(record.manifest);
  await store.blobs.delete(id);
  return { lines, freed };
}
