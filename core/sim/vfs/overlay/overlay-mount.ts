import { fail } from '../errno.js';
import type { FileSystem } from '../filesystem.js';
import type { Location } from '../mount.js';
import { startsWithPath } from '../paths.js';
import type { MountRequest } from '../vfs.js';
import { OverlayFs } from './overlay-fs.js';
import type { Layer } from './overlay-node.js';
import { parseOverlayOptions } from './overlay-options.js';
import { UUID_XATTR } from './whiteout.js';

/**
 * `mount -t overlay`: checks the options and layers as ovl_fill_super does,
 * prepares workdir/work, and builds the merged filesystem. Layers are
 * resolved as the mounting process sees them.
 */
export function createOverlay(req: MountRequest): FileSystem {
  const opts = parseOverlayOptions(req.data);
  const lowerLocs = opts.lowerdirs.map((p) => req.resolveDir(p));
  const upperLoc = opts.upperdir === null ? null : req.resolveDir(opts.upperdir);
  const workLoc = opts.workdir === null ? null : req.resolveDir(opts.workdir);
  if (upperLoc && workLoc) checkUpperAndWork(upperLoc, workLoc);
  // Checked once the layers are found (a missing one is ENOENT first), as ovl_fill_super does.
  if (!upperLoc && lowerLocs.length < 2) fail('EINVAL', 'a read-only overlay needs at least two lower directories');

  const vfs = req.vfs;
  const dev = vfs.allocateAnonDev();
  const layerFs = new Set<FileSystem>([...(upperLoc ? [upperLoc.mount.fs] : []), ...lowerLocs.map((l) => l.mount.fs)]);
  // Layers on several filesystems: each filesystem gets a pseudo device for its non-directories, upper first.
  const pseudo = new Map<FileSystem, number>();
  if (layerFs.size > 1) for (const fs of layerFs) pseudo.set(fs, vfs.allocateAnonDev());
  const layer = (loc: Location, index: number): Layer => ({
    fs: loc.mount.fs, root: loc.node, index, pseudoDev: pseudo.get(loc.mount.fs) ?? dev,
  });
  const upper = upperLoc ? layer(upperLoc, -1) : null;

  if (upperLoc && workLoc) prepareWorkdir(workLoc);
  if (upper && opts.uuid && upper.fs.getxattr(upper.root, UUID_XATTR) === null) {
    upper.fs.setxattr(upper.root, UUID_XATTR, vfs.random.bytes(16));
  }

  return new OverlayFs(req.source || 'none', {
    dev, upper, lowers: lowerLocs.map((l, i) => layer(l, i)), shownOptions: opts.shown,
    emit: (e) => vfs.emit(e), faults: () => vfs.faults,
  });
}

/** upperdir on a writable mount, workdir on the same mount, neither inside the other. */
function checkUpperAndWork(upper: Location, work: Location): void {
  if (upper.mount.isReadOnly()) fail('EINVAL', 'the upper layer is on a read-only mount');
  if (upper.mount !== work.mount) fail('EINVAL', 'workdir and upperdir must reside under the same mount');
  if (startsWithPath(upper.path, work.path) || startsWithPath(work.path, upper.path)) {
    fail('EINVAL', 'workdir and upperdir must be separate subtrees');
  }
}

/** A fresh, empty `work` directory with no permissions, as the kernel leaves in workdir. */
function prepareWorkdir(work: Location): void {
  const fs = work.mount.fs;
  const old = fs.lookup(work.node, 'work');
  if (old) removeTree(fs, work.node, 'work');
  fs.create(work.node, 'work', { type: 'dir', mode: 0, uid: 0, gid: 0 });
}

function removeTree(fs: FileSystem, dir: Location['node'], name: string): void {
  const node = fs.lookup(dir, name);
  if (!node) return;
  if (fs.getattr(node).type !== 'dir') {
    fs.unlink(dir, name);
    return;
  }
  for (const e of fs.readdir(node)) removeTree(fs, node, e.name);
  fs.rmdir(dir, name);
}
