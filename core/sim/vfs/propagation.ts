import { subtree } from './mount-namespace.js';
import { PeerGroup, type Mount } from './mount.js';
import { startsWithPath } from './paths.js';

export type PropagationType = 'shared' | 'private' | 'slave' | 'unbindable';

/** MS_SHARED / MS_PRIVATE / MS_SLAVE / MS_UNBINDABLE on one mount. */
export function setPropagation(m: Mount, type: PropagationType, newGroupId: () => number): void {
  switch (type) {
    case 'shared':
      if (!m.peers) joinGroup(m, new PeerGroup(newGroupId()));
      m.unbindable = false;
      break;
    case 'private':
      leaveGroup(m);
      leaveMaster(m);
      m.unbindable = false;
      break;
    case 'slave': {
      // A shared mount becomes a slave of the peers it leaves. Alone in its
      // group, it keeps the master it had (or stays private without one).
      const group = m.peers;
      if (group) {
        leaveGroup(m);
        if (group.members.size > 0) {
          leaveMaster(m);
          m.master = group;
          group.slaves.add(m);
        }
      }
      m.unbindable = false;
      break;
    }
    case 'unbindable':
      leaveGroup(m);
      leaveMaster(m);
      m.unbindable = true;
      break;
  }
}

/** What clone_mnt does to a bind copy: peers of a shared source, fellow slaves of a slave one. */
export function inheritPropagation(copy: Mount, src: Mount): void {
  if (src.peers) joinGroup(copy, src.peers);
  if (src.master) {
    copy.master = src.master;
    src.master.slaves.add(copy);
  }
}

/** Taken out of the tree: an unmounted mount neither sends nor receives events. */
export function dropPropagation(m: Mount): void {
  leaveGroup(m);
  leaveMaster(m);
}

interface Target {
  readonly mount: Mount;
  /** The group whose copies become peers of each other: the source's own for peers, the target's for slaves. */
  readonly group: PeerGroup | null;
  readonly slave: boolean;
}

/** Mounts that receive events from under `parent`: its peers and, transitively, the slaves of its group. */
function targetsOf(parent: Mount): Target[] {
  const out: Target[] = [];
  const seen = new Set<PeerGroup>();
  const visit = (group: PeerGroup, slave: boolean): void => {
    if (seen.has(group)) return;
    seen.add(group);
    for (const m of group.members) if (m !== parent) out.push({ mount: m, group, slave });
    for (const s of group.slaves) {
      if (s.peers) visit(s.peers, true);
      else out.push({ mount: s, group: null, slave: true });
    }
  };
  if (parent.peers) visit(parent.peers, false);
  return out;
}

/**
 * After `child` was attached under a shared mount, copies of it (and of its
 * subtree) appear at the same place in every peer and slave that can see
 * that place. Copies in peers join the child's group; copies in slaves become
 * slaves of it. The child itself becomes shared, as attach_recursive_mnt does.
 */
export function propagateAttach(child: Mount, newGroupId: () => number): void {
  const parent = child.parent;
  if (!parent?.peers || !child.mountpoint) return;
  if (!child.peers) joinGroup(child, new PeerGroup(newGroupId()));
  const slaveGroups = new Map<PeerGroup, PeerGroup>();
  for (const t of targetsOf(parent)) {
    const ns = t.mount.ns;
    if (!ns || t.mount.fs !== parent.fs || !startsWithPath(child.mpPath, t.mount.rootPath)) continue;
    const copy = copyTree(child, ns, (orig, c) => {
      if (orig !== child) {
        inheritPropagation(c, orig);
        return;
      }
      if (!t.slave) {
        joinGroup(c, child.peers!);
        return;
      }
      c.master = child.peers!;
      child.peers!.slaves.add(c);
      if (t.group) {
        let g = slaveGroups.get(t.group);
        if (!g) {
          g = new PeerGroup(newGroupId());
          slaveGroups.set(t.group, g);
        }
        joinGroup(c, g);
      }
    });
    ns.attach(copy, { mount: t.mount, node: child.mountpoint, path: child.mpPath });
  }
}

/** When `child` leaves a shared parent, the copies at the same place in its peers and slaves go too, if nothing is mounted on them. */
export function propagateDetach(child: Mount, parent: Mount): Mount[] {
  const gone: Mount[] = [];
  if (!parent.peers) return gone;
  for (const t of targetsOf(parent)) {
    const victim = t.mount.children.find((c) => c.mpKey === child.mpKey && c.fs === child.fs && c.children.length === 0);
    if (victim?.ns) {
      victim.ns.detach(victim);
      dropPropagation(victim);
      gone.push(victim);
    }
  }
  return gone;
}

function copyTree(src: Mount, ns: NonNullable<Mount['ns']>, link: (orig: Mount, copy: Mount) => void): Mount {
  const copies = new Map<Mount, Mount>();
  for (const m of subtree(src)) {
    const c = ns.copyOf(m);
    c.unbindable = m.unbindable;
    link(m, c);
    copies.set(m, c);
    const parentCopy = m === src ? null : copies.get(m.parent!);
    if (parentCopy && m.mountpoint) {
      parentCopy.children.push(c);
      c.parent = parentCopy;
      c.mountpoint = m.mountpoint;
      c.mpPath = m.mpPath;
      c.mpKey = m.mpKey;
    }
  }
  return copies.get(src)!;
}

function joinGroup(m: Mount, g: PeerGroup): void {
  m.peers = g;
  g.members.add(m);
}

function leaveGroup(m: Mount): void {
  if (!m.peers) return;
  const g = m.peers;
  g.members.delete(m);
  m.peers = null;
  // Slaves of an emptied group would wait for events that can no longer come.
  if (g.members.size === 0) for (const s of [...g.slaves]) leaveMaster(s);
}

function leaveMaster(m: Mount): void {
  if (!m.master) return;
  m.master.slaves.delete(m);
  m.master = null;
}
