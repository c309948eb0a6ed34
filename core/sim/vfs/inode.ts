import type { ContentProvider, FileSystem, FsNode, NodeType } from './filesystem.js';

/**
 * An inode of an in-memory filesystem. One class for every type keeps the
 * code short; the fields a type does not use stay empty.
 */
export class Inode implements FsNode {
  mode: number;
  uid: number;
  gid: number;
  /** Directory entries pointing here (plus `.` and the children's `..` for a directory). */
  nlink: number;
  mtimeMs: number;
  readonly rdev: number;
  data: Uint8Array = new Uint8Array(0);
  readonly entries: Map<string, Inode> | null;
  readonly target: string;
  readonly provider: ContentProvider | null;
  readonly xattrs = new Map<string, Uint8Array>();
  /** A directory's one parent (the root's is itself); unused for other types, which may have many. */
  parent: Inode | null = null;
  /** Set when a directory is removed: nothing may be created in it any more. */
  dead = false;

  constructor(
    readonly fs: FileSystem,
    readonly ino: number,
    readonly type: NodeType,
    init: { mode: number; uid: number; gid: number; mtimeMs: number; rdev?: number; target?: string; provider?: ContentProvider },
  ) {
    this.mode = init.mode & 0o7777;
    this.uid = init.uid;
    this.gid = init.gid;
    this.mtimeMs = init.mtimeMs;
    this.rdev = init.rdev ?? 0;
    this.target = init.target ?? '';
    this.provider = init.provider ?? null;
    this.entries = type === 'dir' ? new Map() : null;
    this.nlink = type === 'dir' ? 2 : 1;
  }
}
