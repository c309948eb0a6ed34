import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import type { DirScope } from '../storage/dir-scope.js';

async function readInScope(kernel: Kernel, scope: DirScope, path: string): Promise<string> {
  try {
    return await kernel.readText(scope.hostPath(await scope.resolve(path, true)));
  } catch {
    return '';
  }
}

/** The id for a name in a passwd/group file (field 0 = name, field 2 = id), or null. */
function idIn(file: string, name: string): { id: number; gid: number } | null {
  for (const line of file.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f[2] !== undefined) return { id: Number(f[2]), gid: Number(f[3] ?? f[2]) };
  }
  return null;
}

/**
 * A container's `User` (`name`, `uid`, `name:group`, `uid:gid`) as numbers,
 * names looked up in the container's own /etc/passwd and /etc/group — what
 * `docker cp -a` gives the files it copies in.
 */
export async function lookupUser(kernel: Kernel, scope: DirScope, user: string): Promise<{ uid: number; gid: number }> {
  const [u = '', g] = user.split(':');
  let uid: number;
  let gid: number;
  if (/^\d+$/.test(u)) {
    uid = Number(u);
    gid = uid;
    const entry = (await readInScope(kernel, scope, '/etc/passwd')).split('\n').map((l) => l.split(':')).find((f) => f[2] === u);
    if (entry?.[3] !== undefined) gid = Number(entry[3]);
  } else {
    const entry = idIn(await readInScope(kernel, scope, '/etc/passwd'), u);
    if (!entry) throw new DockbookError('E_INVALID_ARGUMENT', `unable to find user ${u}: no matching entries in passwd file`);
    uid = entry.id;
    gid = entry.gid;
  }
  if (g !== undefined) {
    if (/^\d+$/.test(g)) gid = Number(g);
    else {
      const group = idIn(await readInScope(kernel, scope, '/etc/group'), g);
      if (!group) throw new DockbookError('E_INVALID_ARGUMENT', `unable to find group ${g}: no matching entries in group file`);
      gid = group.id;
    }
  }
  return { uid, gid };
}
