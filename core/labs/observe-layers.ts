import type { ApiContext } from '../api/api-context.js';
import { ImageStore } from '../image/image-store.js';
import type { Kernel } from '../kernel/kernel.js';
import type { FileStat } from '../kernel/types.js';
import type { Digest } from '../storage/digest.js';
import { OverlayDriver } from '../storage/overlay-driver.js';
import type { WritableEntry } from '../../labs/lab-types.js';
import type { LayerEntry, Observation, PathPlacement } from '../../labs/observation-types.js';
import type { ContainerBook } from './container-book.js';

type LayersObservation = Extract<Observation, { kind: 'layers' }>;

/** overlayfs marks a deleted lower file with a 0/0 character device of the same name. */
function entryType(st: FileStat): LayerEntry['type'] {
  if (st.type === 'char' && st.rdev === 0) return 'whiteout';
  return st.type === 'file' || st.type === 'dir' || st.type === 'symlink' ? st.type : 'other';
}

async function lstatOrNull(kernel: Kernel, path: string): Promise<FileStat | null> {
  return kernel.lstat(path).catch(() => null);
}

async function walk(kernel: Kernel, root: string, rel: string, out: LayerEntry[]): Promise<void> {
  for (const e of await kernel.readdir(`${root}${rel}`)) {
    const path = `${rel}/${e.name}`;
    const st = await lstatOrNull(kernel, `${root}${path}`);
    if (!st) continue;
    const type = entryType(st);
    out.push({ path, type, size: type === 'file' ? st.size : 0 });
    if (type === 'dir') await walk(kernel, root, path, out);
  }
}

/**
 * The storage side of a container, read the way overlay2 lays it out on
 * disk: the image's layer directories below, the container's `diff`
 * directory on top. The image store and the graph driver answer the
 * questions `docker diff` and `docker ps -s` would ask.
 */
export async function observeLayers(kernel: Kernel, ctx: ApiContext, book: ContainerBook, name: string, paths: readonly string[]): Promise<LayersObservation> {
  const root = ctx.info.rootDir;
  const driver = new OverlayDriver(kernel, root);
  const store = new ImageStore(kernel, root, () => []);
  const id = book.idOf(name);
  const rec = book.record(name);
  const imageLayers = rec ? await store.layerDirs(rec.Image as Digest) : id ? await driver.lowerDirs(id).catch(() => []) : [];
  const imageSize = rec ? await store.size(rec.Image as Digest) : 0;
  const upper = id ? driver.upperDir(id) : null;
  const upperExists = upper !== null && (await kernel.exists(upper));
  const entries: LayerEntry[] = [];
  if (upper && upperExists) await walk(kernel, upper, '', entries);
  const size = upperExists && id ? await driver.size(id) : 0;
  const changes = upperExists && id ? await driver.changes(id) : [];
  const placements: PathPlacement[] = [];
  for (const path of paths) {
    const st = upper && upperExists ? await lstatOrNull(kernel, `${upper}${path}`) : null;
    const writable: WritableEntry = st ? (entryType(st) === 'other' ? 'file' : (entryType(st) as WritableEntry)) : 'absent';
    const inImage: number[] = [];
    for (const [i, dir] of imageLayers.entries()) if (await lstatOrNull(kernel, `${dir}${path}`)) inImage.push(i);
    placements.push({ path, writable, imageLayers: inImage });
  }
  return {
    kind: 'layers', container: name, containerId: id,
    imageLayers,
    writableLayer: upper && upperExists ? { dir: upper, entries } : null,
    changes: changes.map((c) => ({ kind: c.kind, path: c.path })),
    size, imageSize, virtualSize: imageSize + size,
    paths: placements,
  };
}
