import type { DirEntry, FileStat } from '../../kernel/types.js';

export type NodeType = FileStat['type'];

/**
 * A node of some filesystem: what a dentry/inode pair is to the kernel. Each
 * filesystem has its own node class; callers only hand nodes back to the
 * filesystem they came from.
 */
export interface FsNode {
  readonly fs: FileSystem;
}

/**
 * Content made on demand instead of stored: how proc, sysfs and cgroup files
 * will be simulated. Throwing an FsErrno from write() is how such a file
 * refuses a value (a cgroup file answering EINVAL, say).
 */
export interface ContentProvider {
  read(): Uint8Array | string;
  write?(data: Uint8Array, append: boolean): void;
  /** st_size to report; proc reports 0, sysfs 4096. */
  readonly size?: number;
}

export interface CreateSpec {
  readonly type: Exclude<NodeType, 'socket'>;
  /** Permission bits (0o7777). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** For char/block devices, packed as st_rdev. */
  readonly rdev?: number;
  /** For symlinks. */
  readonly target?: string;
  readonly provider?: ContentProvider;
}

export interface SetAttr {
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly mtimeMs?: number;
}

/**
 * A mounted filesystem's operations on its own nodes: the simulator's
 * inode_operations. Every check that depends only on the filesystem (is the
 * directory empty, may this be renamed) lives here and fails with an FsErrno;
 * checks that depend on the caller (permissions, mounts, read-only mounts)
 * live in the view (fs-view.ts).
 */
export interface FileSystem {
  /** st_dev of its nodes (the superblock's device). */
  readonly dev: number;
  readonly fstype: string;
  /** What mountinfo shows as the mount source. */
  readonly source: string;
  /** The superblock's read-only flag (a non-bind `remount,ro` sets it). */
  readOnly: boolean;
  /** Grows with every change, so a filesystem stacked on this one can tell its cached view is stale. */
  readonly generation: number;
  /** mountinfo's super options after `rw`/`ro`. */
  superOptions(): string[];

  root(): FsNode;
  /** Identity of a node for mount-point comparison: equal keys are the same dentry. */
  key(node: FsNode): unknown;
  /** The parent directory (the root is its own parent). */
  parent(dir: FsNode): FsNode;
  lookup(dir: FsNode, name: string): FsNode | null;
  getattr(node: FsNode): FileStat;
  readdir(dir: FsNode): DirEntry[];
  read(node: FsNode): Uint8Array;
  write(node: FsNode, data: Uint8Array, append: boolean): void;
  truncate(node: FsNode, size: number): void;
  readlink(node: FsNode): string;
  create(dir: FsNode, name: string, spec: CreateSpec): FsNode;
  /** A hard link to an existing non-directory. */
  link(dir: FsNode, name: string, node: FsNode): void;
  unlink(dir: FsNode, name: string): void;
  rmdir(dir: FsNode, name: string): void;
  rename(fromDir: FsNode, fromName: string, toDir: FsNode, toName: string): void;
  setattr(node: FsNode, attr: SetAttr): void;
  getxattr(node: FsNode, name: string): Uint8Array | null;
  setxattr(node: FsNode, name: string, value: Uint8Array): void;
  removexattr(node: FsNode, name: string): void;
  listxattr(node: FsNode): string[];
  /** For statfs/df; absent where space has no meaning (proc). */
  usage?(): { totalBytes: number; usedBytes: number };
}
