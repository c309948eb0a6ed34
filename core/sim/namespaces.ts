import type { MountNamespace } from './vfs/index.js';
import type { NetStack } from './net/net-stack.js';
import type { SimProcess } from './process.js';

/** Where namespace inode numbers come from: one counter per machine, as nsfs hands them out. */
export interface NsIds {
  nextNamespaceId(): number;
}

export class PidNamespace {
  readonly inode: number;
  readonly level: number;
  private nextPid = 1;
  readonly members = new Map<number, SimProcess>();
  /** The namespace's pid 1; when it dies, everyone else in the namespace is killed. */
  init: SimProcess | null = null;

  constructor(ids: NsIds, readonly parent: PidNamespace | null) {
    this.inode = ids.nextNamespaceId();
    this.level = parent ? parent.level + 1 : 0;
  }

  allocate(): number {
    while (this.members.has(this.nextPid)) this.nextPid++;
    return this.nextPid++;
  }

  /** This namespace and its ancestors, innermost first: where a new process gets a pid. */
  chain(): PidNamespace[] {
    const out: PidNamespace[] = [];
    for (let n: PidNamespace | null = this; n; n = n.parent) out.push(n);
    return out;
  }

  /** Whether a process in `other` is visible from here (other is this or a descendant). */
  contains(other: PidNamespace): boolean {
    for (let n: PidNamespace | null = other; n; n = n.parent) if (n === this) return true;
    return false;
  }
}

export class UtsNamespace {
  readonly inode: number;
  constructor(ids: NsIds, public hostname: string, public domainname = '(none)') {
    this.inode = ids.nextNamespaceId();
  }
}

export class IpcNamespace {
  readonly inode: number;
  constructor(ids: NsIds) {
    this.inode = ids.nextNamespaceId();
  }
}

export class NetNamespace {
  readonly inode: number;
  constructor(ids: NsIds, readonly stack: NetStack) {
    this.inode = ids.nextNamespaceId();
  }
}

/** A cgroup namespace: the cgroup its creator sat in becomes its root (by hierarchy id). */
export class CgroupNamespace {
  readonly inode: number;
  constructor(ids: NsIds, readonly roots: ReadonlyMap<number, string>) {
    this.inode = ids.nextNamespaceId();
  }
}

/** A process's namespaces (struct nsproxy, plus its pid namespace for children). */
export interface NsSet {
  pid: PidNamespace;
  pidForChildren: PidNamespace;
  uts: UtsNamespace;
  ipc: IpcNamespace;
  net: NetNamespace;
  cgroup: CgroupNamespace;
  mnt: MountNamespace;
}
