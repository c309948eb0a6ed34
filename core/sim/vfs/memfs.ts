import type { DirEntry, FileStat } from '../../kernel/types.js';
import { fail } from './errno.js';
import type { CreateSpec, FileSystem, FsNode, SetAttr } from './filesystem.js';
import { Inode } from './inode.js';

const encoder = new TextEncoder();

export interface MemFsOptions {
  readonly dev: number;
  readonly fstype: string;
  readonly source: string;
  readonly clock: () => number;
  /**
   * How a directory reports st_size: tmpfs counts 20 bytes per entry (plus 40),
   * a block filesystem such as ext4 reports whole 4096-byte blocks.
   */
  readonly dirSize?: 'tmpfs' | 'block';
  /** tmpfs numbers its root 1, ext4 numbers it 2. */
  readonly firstIno?: number;
  readonly rootMode?: number;
  readonly rootUid?: number;
  readonly rootGid?: number;
  /** Bytes of file data allowed before ENOSPC (tmpfs `size=`). */
  readonly sizeLimit?: number;
  readonly readOnly?: boolean;
  readonly superOptions?: () => string[];
}

/**
 * An in-memory filesystem: tmpfs, or a stand-in for a disk filesystem such as
 * the ext4 that backs /var/lib/docker. Files may be given a ContentProvider,
 * which is the hook for generated filesystems (proc, sysfs, cgroup).
 */
export class MemFs implements FileSystem {
  readonly dev: number;
  readonly fstype: string;
  readonly source: string;
  readOnly: boolean;
  private gen = 0;
  private nextIno: number;
  private readonly rootInode: Inode;
  private readonly clock: () => number;
  private readonly dirSize: 'tmpfs' | 'block';
  private readonly sizeLimit: number;
  private readonly extraOptions: () => string[];
  private used = 0;

  constructor(opts: MemFsOptions) {
    this.dev = opts.dev;
    this.fstype = opts.fstype;
    this.source = opts.source;
    this.clock = opts.clock;
    this.readOnly = opts.readOnly ?? false;
    this.dirSize = opts.dirSize ?? 'tmpfs';
    this.sizeLimit = opts.sizeLimit ?? Number.POSITIVE_INFINITY;
    this.extraOptions = opts.superOptions ?? (() => []);
    this.nextIno = opts.firstIno ?? 1;
    this.rootInode = this.newInode('dir', {
      mode: opts.rootMode ?? 0o755, uid: opts.rootUid ?? 0, gid: opts.rootGid ?? 0, mtimeMs: this.clock(),
    });
    this.rootInode.parent = this.rootInode;
  }

  get generation(): number {
    return this.gen;
  }

  superOptions(): string[] {
    return this.extraOptions();
  }

  root(): Inode {
    return this.rootInode;
  }

  key(node: FsNode): unknown {
    return this.inode(node);
  }

  parent(dir: FsNode): Inode {
    return this.inode(dir).parent ?? this.rootInode;
  }

  lookup(dir: FsNode, name: string): Inode | null {
    return this.entriesOf(dir).get(name) ?? null;
  }

  getattr(node: FsNode): FileStat {
    const i = this.inode(node);
    return {
      type: i.type, mode: i.mode, uid: i.uid, gid: i.gid, size: this.sizeOf(i), ino: i.ino,
      dev: this.dev, nlink: i.nlink, mtimeMs: i.mtimeMs, rdev: i.rdev,
    };
  }

  readdir(dir: FsNode): DirEntry[] {
    return [...this.entriesOf(dir)].map(([name, child]) => ({ name, type: child.type }));
  }

  read(node: FsNode): Uint8Array {
    const i = this.regular(node);
    if (i.provider) {
      const out = i.provider.read();
      return typeof out === 'string' ? encoder.encode(out) : out.slice();
    }
    return i.data.slice();
  }

  write(node: FsNode, data: Uint8Array, append: boolean): void {
    const i = this.regular(node);
    if (i.provider) {
      if (!i.provider.write) fail('EINVAL');
      i.provider.write(data, append);
    } else {
      const next = append ? concat(i.data, data) : data.slice();
      this.resize(i, next);
    }
    i.mtimeMs = this.clock();
    this.gen++;
  }

  truncate(node: FsNode, size: number): void {
    const i = this.regular(node);
    if (i.provider) fail('EINVAL');
    const next = new Uint8Array(size);
    next.set(i.data.subarray(0, Math.min(size, i.data.length)));
    this.resize(i, next);
    i.mtimeMs = this.clock();
    this.gen++;
  }

  readlink(node: FsNode): string {
    const i = this.inode(node);
    if (i.type !== 'symlink') fail('EINVAL');
    return i.target;
  }

  create(dir: FsNode, name: string, spec: CreateSpec): Inode {
    const parent = this.liveDir(dir);
    const entries = parent.entries!;
    if (entries.has(name)) fail('EEXIST');
    const now = this.clock();
    const child = this.newInode(spec.type, {
      mode: spec.mode, uid: spec.uid, gid: spec.gid, mtimeMs: now,
      rdev: spec.type === 'char' || spec.type === 'block' ? spec.rdev ?? 0 : 0,
      target: spec.target, provider: spec.provider,
    });
    entries.set(name, child);
    if (child.type === 'dir') {
      child.parent = parent;
      parent.nlink++;
    }
    parent.mtimeMs = now;
    this.gen++;
    return child;
  }

  link(dir: FsNode, name: string, node: FsNode): void {
    const parent = this.liveDir(dir);
    const target = this.inode(node);
    // Hard links to directories would make the tree a graph: Linux refuses with EPERM.
    if (target.type === 'dir') fail('EPERM');
    if (parent.entries!.has(name)) fail('EEXIST');
    parent.entries!.set(name, target);
    target.nlink++;
    parent.mtimeMs = this.clock();
    this.gen++;
  }

  unlink(dir: FsNode, name: string): void {
    const parent = this.dirInode(dir);
    const child = parent.entries!.get(name);
    if (!child) fail('ENOENT');
    if (child.type === 'dir') fail('EISDIR');
    parent.entries!.delete(name);
    this.dropLink(child);
    parent.mtimeMs = this.clock();
    this.gen++;
  }

  rmdir(dir: FsNode, name: string): void {
    const parent = this.dirInode(dir);
    const child = parent.entries!.get(name);
    if (!child) fail('ENOENT');
    if (child.type !== 'dir') fail('ENOTDIR');
    if (child.entries!.size > 0) fail('ENOTEMPTY');
    parent.entries!.delete(name);
    this.removeDir(parent, child);
    parent.mtimeMs = this.clock();
    this.gen++;
  }

  rename(fromDir: FsNode, fromName: string, toDir: FsNode, toName: string): void {
    const from = this.dirInode(fromDir);
    const to = this.liveDir(toDir);
    const src = from.entries!.get(fromName);
    if (!src) fail('ENOENT');
    const dst = to.entries!.get(toName);
    if (dst === src) return; // POSIX: renaming a link onto another link of the same inode does nothing
    if (src.type === 'dir') {
      if (this.isSelfOrAncestor(src, to)) fail('EINVAL');
      if (dst && dst.type !== 'dir') fail('ENOTDIR');
      if (dst && dst.entries!.size > 0) fail('ENOTEMPTY');
    } else if (dst && dst.type === 'dir') {
      fail('EISDIR');
    }
    if (dst) {
      if (dst.type === 'dir') this.removeDir(to, dst);
      else this.dropLink(dst);
    }
    from.entries!.delete(fromName);
    to.entries!.set(toName, src);
    if (src.type === 'dir' && from !== to) {
      from.nlink--;
      to.nlink++;
      src.parent = to;
    }
    const now = this.clock();
    from.mtimeMs = now;
    to.mtimeMs = now;
    this.gen++;
  }

  setattr(node: FsNode, attr: SetAttr): void {
    const i = this.inode(node);
    if (attr.mode !== undefined) i.mode = attr.mode & 0o7777;
    if (attr.uid !== undefined) i.uid = attr.uid;
    if (attr.gid !== undefined) i.gid = attr.gid;
    if (attr.mtimeMs !== undefined) i.mtimeMs = attr.mtimeMs;
    this.gen++;
  }

  getxattr(node: FsNode, name: string): Uint8Array | null {
    return this.inode(node).xattrs.get(name)?.slice() ?? null;
  }

  setxattr(node: FsNode, name: string, value: Uint8Array): void {
    this.inode(node).xattrs.set(name, value.slice());
    this.gen++;
  }

  removexattr(node: FsNode, name: string): void {
    if (!this.inode(node).xattrs.delete(name)) fail('ENODATA');
    this.gen++;
  }

  listxattr(node: FsNode): string[] {
    return [...this.inode(node).xattrs.keys()];
  }

  usage(): { totalBytes: number; usedBytes: number } {
    return { totalBytes: Number.isFinite(this.sizeLimit) ? this.sizeLimit : 0, usedBytes: this.used };
  }

  private newInode(type: Inode['type'], init: ConstructorParameters<typeof Inode>[3]): Inode {
    return new Inode(this, this.nextIno++, type, init);
  }

  private inode(node: FsNode): Inode {
    if (!(node instanceof Inode) || node.fs !== this) throw new Error('a node of another filesystem was passed to MemFs');
    return node;
  }

  private dirInode(node: FsNode): Inode {
    const i = this.inode(node);
    if (i.type !== 'dir') fail('ENOTDIR');
    return i;
  }

  /** A directory that may still gain entries: one already removed answers ENOENT, as Linux does. */
  private liveDir(node: FsNode): Inode {
    const i = this.dirInode(node);
    if (i.dead) fail('ENOENT');
    return i;
  }

  private entriesOf(node: FsNode): Map<string, Inode> {
    return this.dirInode(node).entries!;
  }

  private regular(node: FsNode): Inode {
    const i = this.inode(node);
    if (i.type === 'dir') fail('EISDIR');
    if (i.type !== 'file') fail('EINVAL');
    return i;
  }

  private sizeOf(i: Inode): number {
    switch (i.type) {
      case 'file':
        return i.provider ? (i.provider.size ?? 0) : i.data.length;
      case 'dir':
        return this.dirSize === 'block' ? 4096 : 40 + 20 * i.entries!.size;
      case 'symlink':
        return encoder.encode(i.target).length;
      default:
        return 0;
    }
  }

  private resize(i: Inode, next: Uint8Array): void {
    const used = this.used - i.data.length + next.length;
    if (used > this.sizeLimit) fail('ENOSPC');
    this.used = used;
    i.data = next;
  }

  private dropLink(i: Inode): void {
    i.nlink--;
    if (i.nlink === 0 && i.type === 'file') {
      this.used -= i.data.length;
      i.data = new Uint8Array(0);
    }
  }

  private removeDir(parent: Inode, child: Inode): void {
    parent.nlink--;
    child.nlink = 0;
    child.dead = true;
  }

  private isSelfOrAncestor(candidate: Inode, dir: Inode): boolean {
    for (let d: Inode = dir; ; d = d.parent ?? this.rootInode) {
      if (d === candidate) return true;
      if (d === this.rootInode) return false;
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
