import type { DirEntry, FileStat } from '../../../kernel/types.js';
import { fail } from '../errno.js';
import type { VfsEvent } from '../events.js';
import type { SimFaults } from '../faults.js';
import type { CreateSpec, FileSystem, FsNode, SetAttr } from '../filesystem.js';
import * as write from './overlay-write.js';
import { OverlayNode, type Layer, type LayerNode } from './overlay-node.js';
import { ORIGIN_XATTR, XATTR_PREFIX, decodeOrigin, isOpaque, isWhiteout } from './whiteout.js';

export interface OverlayConfig {
  readonly dev: number;
  readonly upper: Layer | null;
  /** Top first. */
  readonly lowers: readonly Layer[];
  /** What mountinfo shows after rw/ro. */
  readonly shownOptions: readonly string[];
  readonly emit: (event: VfsEvent) => void;
  readonly faults: () => SimFaults;
}

/**
 * overlayfs: a merged view of an upper directory over lower directories,
 * each living in another simulated filesystem. Lookups go upper first, then
 * the lowers top-down; whiteouts hide names, opaque directories hide what is
 * below them; every change lands in the upper layer, after a copy-up if the
 * object came from below (overlay-write.ts, copy-up.ts).
 */
export class OverlayFs implements FileSystem {
  readonly fstype = 'overlay';
  readonly source: string;
  readonly dev: number;
  readonly upper: Layer | null;
  readonly lowers: readonly Layer[];
  readOnly: boolean;
  /** All layers on one filesystem: every object reports the overlay's st_dev and its real st_ino. */
  readonly sameFs: boolean;
  private readonly config: OverlayConfig;
  private readonly layerFs: FileSystem[];
  private readonly dirInos = new Map<string, number>();

  constructor(source: string, config: OverlayConfig) {
    this.source = source;
    this.config = config;
    this.dev = config.dev;
    this.upper = config.upper;
    this.lowers = config.lowers;
    this.readOnly = config.upper === null;
    this.layerFs = [...new Set([...(config.upper ? [config.upper.fs] : []), ...config.lowers.map((l) => l.fs)])];
    this.sameFs = this.layerFs.length === 1;
    this.dirIno([]);
  }

  /** Every change below shows up here: a merged view is stale when any layer changed. */
  get generation(): number {
    return this.layerFs.reduce((sum, fs) => sum + fs.generation, 0);
  }

  superOptions(): string[] {
    return [...this.config.shownOptions];
  }

  emit(event: VfsEvent): void {
    this.config.emit(event);
  }

  faults(): SimFaults {
    return this.config.faults();
  }

  root(): OverlayNode {
    return new OverlayNode(
      this, [], null, this.upper?.root ?? null,
      this.lowers.map((layer) => ({ layer, node: layer.root })), this.generation,
    );
  }

  key(node: FsNode): unknown {
    return `/${this.node(node).path.join('/')}`;
  }

  parent(dir: FsNode): OverlayNode {
    const n = this.node(dir);
    return n.path.length === 0 ? this.root() : this.walkPath(n.path.slice(0, -1));
  }

  lookup(dir: FsNode, name: string): OverlayNode | null {
    return this.lookupChild(this.fresh(dir), name);
  }

  getattr(node: FsNode): FileStat {
    const n = this.fresh(node);
    const top = this.top(n);
    const st = top.fs.getattr(top.node);
    const isDir = st.type === 'dir';
    const merged = isDir && (n.upper ? n.lowers.length > 0 : n.lowers.length > 1);
    // A merged directory's link count cannot be known without reading every layer: overlayfs reports 1.
    const nlink = merged ? 1 : st.nlink;
    const { dev, ino } = this.identity(n, st);
    return { ...st, dev, ino, nlink };
  }

  readdir(dir: FsNode): DirEntry[] {
    const n = this.fresh(dir);
    if (this.top(n).fs.getattr(this.top(n).node).type !== 'dir') fail('ENOTDIR');
    const seen = new Set<string>();
    const out: DirEntry[] = [];
    for (const { fs, node } of this.stack(n)) {
      for (const e of fs.readdir(node)) {
        if (seen.has(e.name)) continue;
        seen.add(e.name);
        if (e.type === 'char') {
          const child = fs.lookup(node, e.name);
          if (child && isWhiteout(fs, child)) continue;
        }
        out.push(e);
      }
    }
    return out;
  }

  read(node: FsNode): Uint8Array {
    const top = this.top(this.fresh(node));
    return top.fs.read(top.node);
  }

  readlink(node: FsNode): string {
    const top = this.top(this.fresh(node));
    return top.fs.readlink(top.node);
  }

  getxattr(node: FsNode, name: string): Uint8Array | null {
    // Overlay's own bookkeeping is invisible through the overlay.
    if (name.startsWith(XATTR_PREFIX)) return null;
    const top = this.top(this.fresh(node));
    return top.fs.getxattr(top.node, name);
  }

  listxattr(node: FsNode): string[] {
    const top = this.top(this.fresh(node));
    return top.fs.listxattr(top.node).filter((n) => !n.startsWith(XATTR_PREFIX));
  }

  write(node: FsNode, data: Uint8Array, append: boolean): void {
    write.writeData(this, this.node(node), (fs, n) => fs.write(n, data, append));
  }

  truncate(node: FsNode, size: number): void {
    write.writeData(this, this.node(node), (fs, n) => fs.truncate(n, size));
  }

  create(dir: FsNode, name: string, spec: CreateSpec): OverlayNode {
    return write.create(this, this.node(dir), name, spec);
  }

  link(dir: FsNode, name: string, node: FsNode): void {
    write.link(this, this.node(dir), name, this.node(node));
  }

  unlink(dir: FsNode, name: string): void {
    write.unlink(this, this.node(dir), name);
  }

  rmdir(dir: FsNode, name: string): void {
    write.rmdir(this, this.node(dir), name);
  }

  rename(fromDir: FsNode, fromName: string, toDir: FsNode, toName: string): void {
    write.rename(this, this.node(fromDir), fromName, this.node(toDir), toName);
  }

  setattr(node: FsNode, attr: SetAttr): void {
    write.setattr(this, this.node(node), attr);
  }

  setxattr(node: FsNode, name: string, value: Uint8Array): void {
    if (name.startsWith(XATTR_PREFIX)) fail('EOPNOTSUPP');
    write.onUpper(this, this.node(node), (fs, n) => fs.setxattr(n, name, value));
  }

  removexattr(node: FsNode, name: string): void {
    if (name.startsWith(XATTR_PREFIX)) fail('EOPNOTSUPP');
    write.onUpper(this, this.node(node), (fs, n) => fs.removexattr(n, name));
  }

  usage(): { totalBytes: number; usedBytes: number } {
    return this.upper?.fs.usage?.() ?? { totalBytes: 0, usedBytes: 0 };
  }

  // ── used by overlay-write.ts and copy-up.ts ──────────────────────

  /** The same node as of now: looked up again by path if any layer changed since. */
  fresh(node: FsNode): OverlayNode {
    const n = this.node(node);
    return n.stamp === this.generation ? n : this.walkPath(n.path);
  }

  /** The object that answers for a node: the upper one, else the topmost lower. */
  top(n: OverlayNode): { fs: FileSystem; node: FsNode } {
    if (n.upper && this.upper) return { fs: this.upper.fs, node: n.upper };
    const l = n.lowers[0];
    if (!l) throw new Error(`overlay node /${n.path.join('/')} has no layer`);
    return { fs: l.layer.fs, node: l.node };
  }

  /**
   * ovl_lookup: the upper entry first (a whiteout ends the search with
   * nothing, a non-directory or an opaque directory ends it with itself),
   * then each lower directory of the parent top-down, merging directories
   * until a whiteout, a non-directory or an opaque directory stops it.
   */
  lookupChild(dir: OverlayNode, name: string): OverlayNode | null {
    const path = [...dir.path, name];
    let upper: FsNode | null = null;
    if (dir.upper && this.upper) {
      const fs = this.upper.fs;
      const u = fs.lookup(dir.upper, name);
      if (u) {
        if (isWhiteout(fs, u)) return null;
        upper = u;
        if (fs.getattr(u).type !== 'dir' || isOpaque(fs, u)) return this.make(path, dir, upper, []);
      }
    }
    const lowers: LayerNode[] = [];
    for (const l of dir.lowers) {
      const fs = l.layer.fs;
      const x = fs.lookup(l.node, name);
      if (!x) continue;
      if (isWhiteout(fs, x)) break;
      if (fs.getattr(x).type !== 'dir') {
        if (!upper && lowers.length === 0) lowers.push({ layer: l.layer, node: x });
        break;
      }
      lowers.push({ layer: l.layer, node: x });
      if (isOpaque(fs, x)) break;
    }
    if (!upper && lowers.length === 0) return null;
    return this.make(path, dir, upper, lowers);
  }

  /** Whether a lower layer has a real object under this name: deleting it then needs a whiteout. */
  lowerPositive(dir: OverlayNode, name: string): boolean {
    for (const l of dir.lowers) {
      const x = l.layer.fs.lookup(l.node, name);
      if (x) return !isWhiteout(l.layer.fs, x);
    }
    return false;
  }

  walkPath(path: readonly string[]): OverlayNode {
    let cur = this.root();
    for (const name of path) cur = this.lookupChild(cur, name) ?? fail('ENOENT');
    return cur;
  }

  /** Upper and lower objects of a node, top first. */
  stack(n: OverlayNode): Array<{ fs: FileSystem; node: FsNode }> {
    const out: Array<{ fs: FileSystem; node: FsNode }> = [];
    if (n.upper && this.upper) out.push({ fs: this.upper.fs, node: n.upper });
    for (const l of n.lowers) out.push({ fs: l.layer.fs, node: l.node });
    return out;
  }

  node(node: FsNode): OverlayNode {
    if (!(node instanceof OverlayNode) || node.fs !== this) throw new Error('a node of another filesystem was passed to OverlayFs');
    return node;
  }

  private make(path: string[], parent: OverlayNode, upper: FsNode | null, lowers: LayerNode[]): OverlayNode {
    return new OverlayNode(this, path, parent, upper, lowers, this.generation);
  }

  /**
   * st_dev/st_ino as ovl_getattr reports them. All layers on one filesystem:
   * the overlay's st_dev for everything and the real st_ino — the lower
   * one's for a copied-up object with an origin, so st_ino survives copy-up.
   * Layers on several filesystems: directories get the overlay's st_dev and
   * an inode number of its own; non-directories keep their real st_ino with
   * a per-layer pseudo device.
   */
  private identity(n: OverlayNode, st: FileStat): { dev: number; ino: number } {
    const origin = n.upper && this.upper ? decodeOrigin(this.upper.fs.getxattr(n.upper, ORIGIN_XATTR)) : null;
    if (this.sameFs) return { dev: this.dev, ino: origin?.ino ?? st.ino };
    if (st.type === 'dir') return { dev: this.dev, ino: this.dirIno(n.path) };
    if (origin) {
      const from = this.lowers.find((l) => l.fs.dev === origin.dev);
      if (from) return { dev: from.pseudoDev, ino: origin.ino };
    }
    if (n.upper && this.upper) return { dev: this.upper.pseudoDev, ino: st.ino };
    return { dev: n.lowers[0]?.layer.pseudoDev ?? this.dev, ino: st.ino };
  }

  private dirIno(path: readonly string[]): number {
    const key = path.join('/');
    let ino = this.dirInos.get(key);
    if (ino === undefined) {
      ino = this.dirInos.size + 1;
      this.dirInos.set(key, ino);
    }
    return ino;
  }
}
