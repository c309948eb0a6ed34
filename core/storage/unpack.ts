import type { Kernel } from '../kernel/kernel.js';
import { isKernelError } from '../kernel/kernel-error.js';
import type { FileStat } from '../kernel/types.js';
import { isMissing } from './atomic-file.js';
import { entryParts, under } from './layer-path.js';
import { badLayer, maliciousLayer } from './storage-errors.js';
import type { TarEntry } from './tar/tar-entry.js';
import { readTar } from './tar/tar-reader.js';
import { AUFS_META_PREFIX, isOpaqueValue, isOverlayWhiteout, OPAQUE_MARKER, OPAQUE_XATTR, WHITEOUT_PREFIX } from './whiteouts.js';

export interface UnpackOptions {
  /**
   * Unpacked directories of the layers below this one, top first. Their
   * symlinks count as much as this layer's own: a layer must not write
   * through `etc -> /` planted by the layer under it either.
   */
  readonly lowerDirs?: readonly string[];
}

export interface UnpackResult {
  /** Bytes of files and symlink targets: the layer's size as `docker history` shows it. */
  readonly size: number;
  readonly entries: number;
}

type Kind = FileStat['type'] | 'whiteout';

/**
 * Unpacks one layer tar into `target` (an empty directory) the way overlayfs
 * wants it: `.wh.` entries become whiteout devices, `.wh..wh..opq` the opaque
 * xattr. Every member is checked before it touches the disk:
 *
 * - an absolute path or ".." is refused;
 * - every parent directory is looked up component by component with lstat,
 *   here and in the layers below; a symlink on the way is refused, so an
 *   entry can never be written through a link an earlier entry or layer
 *   planted (`evil -> /etc`, then `evil/passwd`);
 * - whatever already sits at the path is unlinked first (never opened), so
 *   the final component cannot be a link to write through either;
 * - a hardlink must name a member already unpacked in this same layer, and
 *   becomes a real link to it (one inode, as in the image that was saved).
 *
 * Modification times are restored from the tar (directories last, once
 * their contents are in), so a saved and reloaded layer, and `docker cp`,
 * keep the times the files had.
 *
 * Device nodes, setuid/setgid bits and ownership are kept as written, as
 * Docker does when it runs as root: an image may legitimately ship
 * /bin/su or /dev/null, and the container's device cgroup, capabilities and
 * no_new_privs decide what they can do. (Rootless Docker drops device nodes;
 * this engine unpacks as root only.)
 *
 * On any refusal this throws and the caller discards `target`: it unpacks
 * into a temp directory and renames only on success.
 */
export async function unpackLayer(kernel: Kernel, tar: Uint8Array, target: string, opts: UnpackOptions = {}): Promise<UnpackResult> {
  const u = new Unpacker(kernel, target, opts.lowerDirs ?? []);
  let size = 0;
  let entries = 0;
  for (const entry of readTar(tar)) {
    await u.apply(entry);
    entries += 1;
    // Docker's layer size: every non-directory's st_size once per inode, so a symlink counts its target's length.
    if (entry.type === 'file') size += entry.data?.length ?? 0;
    else if (entry.type === 'symlink') size += new TextEncoder().encode(entry.linkname ?? '').length;
  }
  await u.finish();
  return { size, entries };
}

class Unpacker {
  /** Directories of this layer already checked to be real directories (saves an lstat per component). */
  private readonly knownDirs = new Set<string>();
  /** Directories this layer made opaque: below them the lower layers no longer show. */
  private readonly opaqueDirs = new Set<string>();
  /** Directories whose mtime the tar gave, in archive order (set by `finish`). */
  private readonly dirTimes: { path: string; mtime: number }[] = [];

  constructor(private readonly kernel: Kernel, private readonly root: string, private readonly lowers: readonly string[]) {}

  async apply(e: TarEntry): Promise<void> {
    const parts = entryParts(e.path);
    if (parts.length === 0) return; // the archive's own "./": the layer root is ours, not the image's
    const base = parts[parts.length - 1]!;
    const parentParts = parts.slice(0, -1);

    if (base === OPAQUE_MARKER) {
      await this.ensureParents(e.path, parentParts);
      await this.kernel.setxattr(under(this.root, parentParts), OPAQUE_XATTR, 'y');
      this.opaqueDirs.add(parentParts.join('/'));
      return;
    }
    if (base.startsWith(AUFS_META_PREFIX)) return;
    if (base.startsWith(WHITEOUT_PREFIX)) {
      const name = base.slice(WHITEOUT_PREFIX.length);
      if (name === '' || name === '.' || name === '..') throw maliciousLayer(e.path, 'is a whiteout with no valid name');
      await this.ensureParents(e.path, parentParts);
      const path = under(this.root, [...parentParts, name]);
      await this.clear(path, [...parentParts, name].join('/'), false);
      await this.kernel.mknod(path, 'char', 0, 0, 0);
      return;
    }

    await this.ensureParents(e.path, parentParts);
    const rel = parts.join('/');
    const path = under(this.root, parts);
    const fresh = await this.clear(path, rel, e.type === 'dir');
    switch (e.type) {
      case 'dir':
        if (!(await this.kernel.exists(path))) await this.kernel.mkdir(path, { mode: 0o700 });
        this.knownDirs.add(rel);
        break;
      case 'file':
        await this.kernel.writeFile(path, e.data ?? new Uint8Array(0), { mode: 0o600 });
        break;
      case 'symlink':
        await this.kernel.symlink(e.linkname ?? '', path);
        break;
      case 'hardlink':
        await this.hardlink(e, path); // takes its owner and mode from the member it links to
        return;
      case 'char':
      case 'block':
      case 'fifo':
        await this.kernel.mknod(path, e.type, e.mode, e.devmajor ?? 0, e.devminor ?? 0);
        break;
    }
    // The engine runs as root, so what it just created is already root's: one call per member saved.
    if (!fresh || e.uid !== 0 || e.gid !== 0) await this.kernel.chown(path, e.uid, e.gid);
    // chown clears setuid/setgid, so the mode goes on after it; a symlink has no mode of its own (chmod would follow it).
    if (e.type !== 'symlink') await this.kernel.chmod(path, e.mode);
    for (const [name, value] of Object.entries(e.xattrs ?? {})) await this.setXattr(path, name, value);
    if (e.type === 'dir') this.dirTimes.push({ path, mtime: e.mtime });
    else await this.kernel.utimes(path, e.mtime * 1000, e.mtime * 1000);
  }

  /**
   * Makes sure each parent of an entry is a real directory of this layer,
   * creating missing ones. A symlink anywhere on the way is refused, whether
   * this layer or a layer below put it there.
   */
  private async ensureParents(entry: string, parentParts: readonly string[]): Promise<void> {
    for (let i = 1; i <= parentParts.length; i += 1) {
      const prefix = parentParts.slice(0, i);
      const rel = prefix.join('/');
      if (this.knownDirs.has(rel)) continue;
      const here = await this.kindAt(under(this.root, prefix));
      if (here === 'symlink') throw maliciousLayer(entry, `would be written through the symlink "${rel}" planted by an earlier entry`);
      if (here === 'dir') { this.knownDirs.add(rel); continue; }
      if (here !== null && here !== 'whiteout') throw badLayer(entry, `needs "${rel}" to be a directory, but it is a ${here}`);
      if (here === null && (await this.lowerKindAt(prefix)) === 'symlink') {
        throw maliciousLayer(entry, `would be written through the symlink "${rel}" from a lower layer`);
      }
      if (here === 'whiteout') await this.kernel.remove(under(this.root, prefix));
      await this.kernel.mkdir(under(this.root, prefix), { mode: 0o755 });
      this.knownDirs.add(rel);
    }
  }

  /**
   * What the merged view shows at a path from the layers below: the topmost
   * layer that has it wins; a whiteout, or an opaque directory above it in a
   * layer, hides everything further down.
   */
  private async lowerKindAt(parts: readonly string[]): Promise<Kind | null> {
    for (let i = 0; i < parts.length; i += 1) if (this.opaqueDirs.has(parts.slice(0, i).join('/'))) return null;
    for (const lower of this.lowers) {
      for (let i = 1; i < parts.length; i += 1) {
        const kind = await this.kindAt(under(lower, parts.slice(0, i)));
        if (kind === 'whiteout') return null;
        if (kind !== null && kind !== 'dir') return null; // a file ancestor: the path cannot exist further down
      }
      const kind = await this.kindAt(under(lower, parts));
      if (kind === 'whiteout') return null;
      if (kind !== null) return kind;
      for (let i = parts.length - 1; i >= 1; i -= 1) {
        if (isOpaqueValue(await this.kernel.getxattr(under(lower, parts.slice(0, i)), OPAQUE_XATTR).catch(() => null))) return null;
      }
    }
    return null;
  }

  private async kindAt(path: string): Promise<Kind | null> {
    try {
      const st = await this.kernel.lstat(path);
      return isOverlayWhiteout(st) ? 'whiteout' : st.type;
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  /**
   * Removes what sits at a path unless both it and the new entry are
   * directories (then the entry updates it). True when the path will be
   * created fresh.
   */
  private async clear(path: string, rel: string, keepDir: boolean): Promise<boolean> {
    const kind = await this.kindAt(path);
    if (kind === null) return true;
    if (kind === 'dir' && keepDir) return false;
    await this.kernel.remove(path, { recursive: kind === 'dir' });
    for (const d of [...this.knownDirs]) if (d === rel || d.startsWith(`${rel}/`)) this.knownDirs.delete(d);
    return true;
  }

  /**
   * A hardlink becomes a real link(2) to a member of this same layer,
   * reached without passing through a symlink; it shares that member's
   * inode, so owner, mode and times are the member's.
   */
  private async hardlink(e: TarEntry, path: string): Promise<void> {
    const linkname = e.linkname ?? '';
    let targetParts: string[];
    try {
      targetParts = entryParts(linkname, 'hardlink target');
    } catch {
      throw maliciousLayer(e.path, `is a hardlink to "${linkname}", outside the layer`);
    }
    for (let i = 1; i < targetParts.length; i += 1) {
      const kind = await this.kindAt(under(this.root, targetParts.slice(0, i)));
      if (kind === 'symlink') throw maliciousLayer(e.path, `is a hardlink reached through the symlink "${targetParts.slice(0, i).join('/')}"`);
    }
    const target = under(this.root, targetParts);
    const kind = await this.kindAt(target);
    if (kind === null || kind === 'whiteout') throw badLayer(e.path, `is a hardlink to "${linkname}", which this layer does not contain`);
    if (kind === 'dir') throw maliciousLayer(e.path, `is a hardlink to the directory "${linkname}"`);
    if (kind === 'socket') throw badLayer(e.path, `is a hardlink to a ${kind}`);
    await this.kernel.link(target, path);
  }

  /**
   * Directory times go on last: every member created inside a directory
   * bumps its mtime, so setting it earlier would not stick.
   */
  async finish(): Promise<void> {
    for (let i = this.dirTimes.length - 1; i >= 0; i -= 1) {
      const { path, mtime } = this.dirTimes[i]!;
      if ((await this.kindAt(path)) === 'dir') await this.kernel.utimes(path, mtime * 1000, mtime * 1000);
    }
  }

  /** Xattrs the filesystem cannot hold are dropped, as Docker does; anything else is an error. */
  private async setXattr(path: string, name: string, value: string): Promise<void> {
    try {
      await this.kernel.setxattr(path, name, value);
    } catch (e) {
      if (isKernelError(e) && (e.errnoCode === 'ENOTSUP' || e.errnoCode === 'EOPNOTSUPP')) return;
      throw e;
    }
  }
}
