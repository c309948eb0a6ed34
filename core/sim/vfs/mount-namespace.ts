import type { FileSystem, FsNode } from './filesystem.js';
import { Mount, rootOf, type Location, type MountFlags } from './mount.js';

/** Where mount ids, creation order and peer group ids come from: one source per simulated machine. */
export interface MountIdSource {
  nextMountId(): number;
  nextMountSeq(): number;
  nextPeerGroupId(): number;
  nextNamespaceId(): number;
}

/**
 * A mount namespace: a tree of mounts hanging from an invisible `rootfs`
 * mount, as in Linux, where the real root is mounted on top of rootfs (which
 * is why the root's parent id in mountinfo names a mount nobody sees, and why
 * pivot_root works on it).
 */
export class MountNamespace {
  readonly id: number;
  private readonly members = new Set<Mount>();

  constructor(readonly ids: MountIdSource, readonly rootfs: Mount) {
    this.id = ids.nextNamespaceId();
    this.adopt(rootfs);
  }

  /** Every mount of the namespace in creation order (mountinfo's order). */
  mounts(): Mount[] {
    return [...this.members].sort((a, b) => a.seq - b.seq);
  }

  has(m: Mount): boolean {
    return this.members.has(m);
  }

  /** Where a process that enters this namespace starts: the topmost mount on rootfs. */
  root(): Location {
    return crossMounts(rootOf(this.rootfs));
  }

  newMount(fs: FileSystem, root: FsNode, rootPath: readonly string[], flags: MountFlags): Mount {
    return new Mount(this.ids.nextMountId(), this.ids.nextMountSeq(), fs, root, rootPath, flags);
  }

  /** A copy of one mount (no children, no place yet): what clone_mnt makes for a bind. */
  copyOf(src: Mount, root: FsNode = src.root, rootPath: readonly string[] = src.rootPath): Mount {
    return this.newMount(src.fs, root, rootPath, src.flags);
  }

  /** Hangs `child` (with any subtree already linked below it) on `at`. */
  attach(child: Mount, at: Location): void {
    child.parent = at.mount;
    child.mountpoint = at.node;
    child.mpPath = at.path;
    child.mpKey = at.mount.fs.key(at.node);
    at.mount.children.push(child);
    this.adopt(child);
  }

  /**
   * Takes `m` and everything below it out of the namespace. The subtree falls
   * apart as in a lazy umount: a process still inside one of these mounts
   * keeps its files but sees no submounts.
   */
  detach(m: Mount): Mount[] {
    const gone = subtree(m);
    for (const x of gone) {
      if (x.parent) {
        const siblings = x.parent.children;
        const i = siblings.indexOf(x);
        if (i >= 0) siblings.splice(i, 1);
      }
      x.parent = null;
      x.mountpoint = null;
      x.children.length = 0;
      this.members.delete(x);
      x.ns = null;
    }
    return gone;
  }

  /** Unhooks `m` from its parent only, keeping it and its subtree in the namespace (pivot_root, MS_MOVE). */
  unhook(m: Mount): void {
    if (!m.parent) return;
    const siblings = m.parent.children;
    const i = siblings.indexOf(m);
    if (i >= 0) siblings.splice(i, 1);
    m.parent = null;
    m.mountpoint = null;
  }

  /** Re-hangs a mount that is already a member (after unhook). */
  rehook(m: Mount, at: Location): void {
    m.parent = at.mount;
    m.mountpoint = at.node;
    m.mpPath = at.path;
    m.mpKey = at.mount.fs.key(at.node);
    at.mount.children.push(m);
  }

  /**
   * What unshare(CLONE_NEWNS) makes: a copy of every mount with new ids, the
   * same shape and flags. Copies of shared mounts join their originals' peer
   * groups, so mount events keep flowing between the two namespaces until
   * someone makes them private.
   */
  clone(): { ns: MountNamespace; copies: Map<Mount, Mount> } {
    const copies = new Map<Mount, Mount>();
    for (const m of this.mounts()) {
      const c = this.copyOf(m);
      if (m.peers) {
        c.peers = m.peers;
        m.peers.members.add(c);
      }
      if (m.master) {
        c.master = m.master;
        m.master.slaves.add(c);
      }
      c.unbindable = m.unbindable;
      copies.set(m, c);
    }
    const ns = new MountNamespace(this.ids, copies.get(this.rootfs)!);
    for (const m of this.mounts()) {
      if (!m.parent || !m.mountpoint) continue;
      const parentCopy = copies.get(m.parent);
      if (!parentCopy) continue;
      ns.attach(copies.get(m)!, { mount: parentCopy, node: m.mountpoint, path: m.mpPath });
    }
    return { ns, copies };
  }

  private adopt(m: Mount): void {
    for (const x of subtree(m)) {
      this.members.add(x);
      x.ns = this;
    }
  }
}

/** `m` and all mounts below it, parents before children. */
export function subtree(m: Mount): Mount[] {
  const out: Mount[] = [m];
  for (let i = 0; i < out.length; i++) out.push(...out[i]!.children);
  return out;
}

/** The mount stacked last on this spot, if any: what a lookup lands on (follow_mount). */
export function mountedOn(loc: Location): Mount | undefined {
  const key = loc.mount.fs.key(loc.node);
  for (let i = loc.mount.children.length - 1; i >= 0; i--) {
    const c = loc.mount.children[i]!;
    if (c.mpKey === key) return c;
  }
  return undefined;
}

export function crossMounts(loc: Location): Location {
  let cur = loc;
  for (let m = mountedOn(cur); m; m = mountedOn(cur)) cur = rootOf(m);
  return cur;
}
