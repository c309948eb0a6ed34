import { DockbookError } from '../../errors.js';
import type { NamespaceKind, NamespaceSet } from '../types.js';
import { CLONE, O, closeFd, openFd, setns, sethostname, unshare } from './libc.js';

/**
 * Runs `fn` with the calling (main) thread moved into other namespaces, then
 * moves it back — all synchronously, so no other JavaScript ever runs while
 * the thread is away. A process spawned inside `fn` inherits the namespaces;
 * Node's spawn forks from this thread (host-facts.md).
 *
 * Only the calling thread moves: Node's other threads stay where they are,
 * which is why the thread first unshares CLONE_FS (setns into a mount
 * namespace is refused while the fs_struct is shared with other threads).
 */
const FLAG: Record<NamespaceKind, number> = {
  mnt: CLONE.NEWNS, uts: CLONE.NEWUTS, ipc: CLONE.NEWIPC, pid: CLONE.NEWPID,
  net: CLONE.NEWNET, cgroup: CLONE.NEWCGROUP, user: CLONE.NEWUSER,
};

/** The /proc/thread-self/ns entry that holds the thread's current choice for each kind. */
const SELF_ENTRY: Record<NamespaceKind, string> = {
  mnt: 'mnt', uts: 'uts', ipc: 'ipc', pid: 'pid_for_children', net: 'net', cgroup: 'cgroup', user: 'user',
};

let fsUnshared = false;

function ensureOwnFsStruct(): void {
  if (fsUnshared) return;
  unshare(CLONE.FS, 'CLONE_FS');
  fsUnshared = true;
}

export interface NamespaceSwitch {
  readonly set: NamespaceSet;
  readonly hostname?: string;
}

export function withNamespaces<T>(sw: NamespaceSwitch, fn: () => T): T {
  const create = sw.set.create ?? [];
  const join = Object.entries(sw.set.join ?? {}) as [NamespaceKind, string][];
  if (create.includes('user') || join.some(([k]) => k === 'user')) {
    throw new DockbookError('E_UNSUPPORTED', 'user namespaces cannot be entered by a multithreaded process', {
      hint: 'the native init helper creates user namespaces; the Node path cannot',
    });
  }
  if (sw.hostname !== undefined && !create.includes('uts')) {
    throw new DockbookError('E_INVALID_ARGUMENT', 'a hostname needs a new uts namespace', { hint: "add 'uts' to namespaces.create" });
  }
  const kinds = new Set<NamespaceKind>([...create, ...join.map(([k]) => k)]);
  if (kinds.size === 0) return fn();

  ensureOwnFsStruct();
  const cwd = process.cwd();
  const saved = new Map<NamespaceKind, number>();
  try {
    for (const kind of kinds) saved.set(kind, openFd(`/proc/thread-self/ns/${SELF_ENTRY[kind]}`, O.RDONLY | O.CLOEXEC));
    for (const [kind, path] of join) {
      const fd = openFd(path, O.RDONLY | O.CLOEXEC);
      try { setns(fd, FLAG[kind], `${kind} ← ${path}`); } finally { closeFd(fd); }
    }
    if (create.length > 0) unshare(create.reduce((f, k) => f | FLAG[k], 0), create.join('|'));
    if (sw.hostname !== undefined) sethostname(sw.hostname);
    return fn();
  } finally {
    restore(saved);
    // setns into a mount namespace resets the thread's cwd to that namespace's root.
    if (saved.has('mnt')) process.chdir(cwd);
  }
}

function restore(saved: Map<NamespaceKind, number>): void {
  let failure: unknown;
  for (const [kind, fd] of saved) {
    try { setns(fd, FLAG[kind], `${kind} (restore)`); } catch (e) { failure ??= e; }
    closeFd(fd);
  }
  // The engine thread stranded in a container's namespace would act on the
  // wrong host; there is no safe way to go on.
  if (failure) {
    process.stderr.write(`dockbook: fatal: could not return to the host namespaces: ${String(failure)}\n`);
    process.exit(70);
  }
}
