import type { DirEntry, FileStat } from '../kernel/types.js';
import { fail, type CreateSpec, type FileSystem, type FsNode, type SetAttr } from './vfs/index.js';

/**
 * A generated filesystem (proc, sysfs, cgroupfs): nothing is stored, every
 * lookup asks the model. Nodes are named by their path, so a mount on
 * /proc/keys stays put even though the entry is rebuilt on every lookup.
 */
export type GenEntry = GenDir | GenFile | GenLink;

export interface GenDir {
  readonly type: 'dir';
  readonly mode?: number;
  entries(): Iterable<readonly [string, GenEntry]>;
  /** mkdir inside it (cgroupfs); absent: EPERM. */
  mkdir?(name: string): void;
  rmdir?(name: string): void;
}

export interface GenFile {
  readonly type: 'file';
  readonly mode?: number;
  read(): string | Uint8Array;
  write?(text: string, append: boolean): void;
}

export interface GenLink {
  readonly type: 'symlink';
  target(): string;
}

export class GenNode implements FsNode {
  constructor(readonly fs: GenFs, readonly path: string, readonly entry: GenEntry) {}
}

const encoder = new TextEncoder();

export class GenFs implements FileSystem {
  readOnly = false;
  private gen = 0;
  private readonly inos = new Map<string, number>();
  private readonly rootNode: GenNode;

  constructor(
    readonly dev: number,
    readonly fstype: string,
    readonly source: string,
    root: GenDir,
    private readonly opts: { fileSize?: number; superOptions?: () => string[]; firstIno?: number; mtimeMs: () => number } ,
  ) {
    this.rootNode = new GenNode(this, '', root);
  }

  get generation(): number {
    return this.gen;
  }

  superOptions(): string[] {
    return this.opts.superOptions?.() ?? [];
  }

  root(): GenNode {
    return this.rootNode;
  }

  key(node: FsNode): unknown {
    return (node as GenNode).path;
  }

  parent(dir: FsNode): FsNode {
    const p = (dir as GenNode).path;
    if (p === '') return this.rootNode;
    return this.resolve(p.slice(0, p.lastIndexOf('/'))) ?? this.rootNode;
  }

  lookup(dir: FsNode, name: string): FsNode | null {
    const d = this.dir(dir);
    for (const [n, e] of d.entry.entries()) if (n === name) return new GenNode(this, `${d.path}/${name}`, e);
    return null;
  }

  getattr(node: FsNode): FileStat {
    const n = node as GenNode;
    const e = n.entry;
    let ino = this.inos.get(n.path);
    if (ino === undefined) {
      ino = (this.opts.firstIno ?? 1) + this.inos.size;
      this.inos.set(n.path, ino);
    }
    const mode = e.type === 'symlink' ? 0o777 : (e.mode ?? (e.type === 'dir' ? 0o555 : e.write ? 0o644 : 0o444));
    return {
      type: e.type, mode, uid: 0, gid: 0, ino, dev: this.dev, nlink: e.type === 'dir' ? 2 : 1,
      size: e.type === 'file' ? (this.opts.fileSize ?? 0) : e.type === 'symlink' ? encoder.encode(e.target()).length : 0,
      mtimeMs: this.opts.mtimeMs(), rdev: 0,
    };
  }

  readdir(dir: FsNode): DirEntry[] {
    return [...this.dir(dir).entry.entries()].map(([name, e]) => ({ name, type: e.type }));
  }

  read(node: FsNode): Uint8Array {
    const e = (node as GenNode).entry;
    if (e.type === 'dir') fail('EISDIR');
    if (e.type !== 'file') fail('EINVAL');
    const out = e.read();
    return typeof out === 'string' ? encoder.encode(out) : out;
  }

  write(node: FsNode, data: Uint8Array, append: boolean): void {
    const e = (node as GenNode).entry;
    if (e.type === 'dir') fail('EISDIR');
    if (e.type !== 'file' || !e.write) fail('EACCES');
    e.write(new TextDecoder().decode(data), append);
    this.gen++;
  }

  truncate(): void {
    // O_TRUNC on a generated file is ignored, as on proc and cgroupfs.
  }

  readlink(node: FsNode): string {
    const e = (node as GenNode).entry;
    if (e.type !== 'symlink') fail('EINVAL');
    return e.target();
  }

  create(dir: FsNode, name: string, spec: CreateSpec): FsNode {
    const d = this.dir(dir);
    if (this.lookup(dir, name)) fail('EEXIST');
    if (spec.type !== 'dir' || !d.entry.mkdir) fail('EPERM');
    d.entry.mkdir(name);
    this.gen++;
    return this.lookup(dir, name) ?? fail('EIO');
  }

  link(): void {
    fail('EPERM');
  }

  unlink(dir: FsNode, name: string): void {
    if (!this.lookup(dir, name)) fail('ENOENT');
    fail('EPERM');
  }

  rmdir(dir: FsNode, name: string): void {
    const d = this.dir(dir);
    const child = this.lookup(dir, name) ?? fail('ENOENT');
    if ((child as GenNode).entry.type !== 'dir') fail('ENOTDIR');
    if (!d.entry.rmdir) fail('EPERM');
    d.entry.rmdir(name);
    this.gen++;
  }

  rename(): void {
    fail('EPERM');
  }

  setattr(_node: FsNode, _attr: SetAttr): void {
    // Generated files keep their modes; chmod/chown succeed without effect.
  }

  getxattr(): Uint8Array | null {
    return null;
  }

  setxattr(): void {
    fail('EOPNOTSUPP');
  }

  removexattr(): void {
    fail('ENODATA');
  }

  listxattr(): string[] {
    return [];
  }

  private dir(node: FsNode): GenNode & { entry: GenDir } {
    const n = node as GenNode;
    if (n.entry.type !== 'dir') fail('ENOTDIR');
    return n as GenNode & { entry: GenDir };
  }

  private resolve(path: string): GenNode | null {
    let n: FsNode | null = this.rootNode;
    for (const part of path.split('/').filter(Boolean)) n = n ? this.lookup(n, part) : null;
    return n as GenNode | null;
  }
}

/** Small builders for generated trees. */
export const gen = {
  dir(entries: () => Iterable<readonly [string, GenEntry]>, extra: Partial<Omit<GenDir, 'type' | 'entries'>> = {}): GenDir {
    return { type: 'dir', entries, ...extra };
  },
  file(read: () => string | Uint8Array, write?: GenFile['write'], mode?: number): GenFile {
    return { type: 'file', read, write, mode };
  },
  link(target: () => string): GenLink {
    return { type: 'symlink', target };
  },
  fixed(entries: Record<string, GenEntry>): GenDir {
    return { type: 'dir', entries: () => Object.entries(entries) };
  },
};
