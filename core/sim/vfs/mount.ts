import type { FileSystem, FsNode } from './filesystem.js';
import type { MountNamespace } from './mount-namespace.js';

export type AtimeMode = 'relatime' | 'noatime' | 'strictatime';

/** Per-mount flags (MNT_*), as opposed to the superblock's. */
export interface MountFlags {
  readonly readOnly: boolean;
  readonly nosuid: boolean;
  readonly nodev: boolean;
  readonly noexec: boolean;
  readonly atime: AtimeMode;
}

export const DEFAULT_MOUNT_FLAGS: MountFlags = { readOnly: false, nosuid: false, nodev: false, noexec: false, atime: 'relatime' };

/** A set of mounts that receive each other's mount events (`shared:N`). */
export class PeerGroup {
  readonly members = new Set<Mount>();
  /** Mounts that receive this group's events without sending theirs back (`master:N`). */
  readonly slaves = new Set<Mount>();

  constructor(readonly id: number) {}
}

/**
 * One mount: a filesystem (or a subtree of one, for a bind mount) attached on
 * a node of its parent mount. The mount point is kept as a node key, not a
 * path string, so that bind mounts and chroots see submounts exactly where
 * Linux shows them.
 */
export class Mount {
  parent: Mount | null = null;
  /** The node of the parent mount this one covers (null while detached). */
  mountpoint: FsNode | null = null;
  /** The mount point's path inside the parent's filesystem. */
  mpPath: readonly string[] = [];
  mpKey: unknown = undefined;
  readonly children: Mount[] = [];
  ns: MountNamespace | null = null;
  peers: PeerGroup | null = null;
  master: PeerGroup | null = null;
  unbindable = false;

  constructor(
    readonly id: number,
    /** Creation order: mountinfo lists mounts in it. */
    readonly seq: number,
    readonly fs: FileSystem,
    readonly root: FsNode,
    /** Where `root` lies inside the filesystem (mountinfo's root field). */
    public rootPath: readonly string[],
    public flags: MountFlags,
  ) {}

  isReadOnly(): boolean {
    return this.flags.readOnly || this.fs.readOnly;
  }

  isShared(): boolean {
    return this.peers !== null;
  }
}

/** A place in the tree as a process reaches it: the mount, the node, and the node's path inside its filesystem. */
export interface Location {
  readonly mount: Mount;
  readonly node: FsNode;
  readonly path: readonly string[];
}

export function rootOf(mount: Mount): Location {
  return { mount, node: mount.root, path: mount.rootPath };
}

export function sameLocation(a: Location, b: Location): boolean {
  return a.mount === b.mount && a.mount.fs.key(a.node) === b.mount.fs.key(b.node);
}

export function isMountRoot(loc: Location): boolean {
  return loc.mount.fs.key(loc.node) === loc.mount.fs.key(loc.mount.root);
}

/**
 * mountinfo's per-mount options, in show_mnt_opts order. `ro` here is the
 * mount's own flag: a read-only superblock shows in the super options only.
 */
export function mountOptions(m: Mount): string[] {
  const out = [m.flags.readOnly ? 'ro' : 'rw'];
  if (m.flags.nosuid) out.push('nosuid');
  if (m.flags.nodev) out.push('nodev');
  if (m.flags.noexec) out.push('noexec');
  if (m.flags.atime === 'noatime') out.push('noatime');
  if (m.flags.atime === 'relatime') out.push('relatime');
  return out;
}

/** mountinfo's optional fields: `shared:N`, `master:N`, `unbindable`. */
export function propagationFields(m: Mount): string[] {
  const out: string[] = [];
  if (m.peers) out.push(`shared:${m.peers.id}`);
  if (m.master) out.push(`master:${m.master.id}`);
  if (m.unbindable) out.push('unbindable');
  return out;
}

/** A process's root and working directory (struct fs_struct): what pivot_root rewrites and what keeps a mount busy. */
export interface FsContext {
  root: Location;
  cwd: Location;
}
