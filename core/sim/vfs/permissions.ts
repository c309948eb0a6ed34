import type { FileStat } from '../../kernel/types.js';

/** Who is asking: the fsuid/fsgid and supplementary groups of a process. */
export interface Credential {
  readonly uid: number;
  readonly gid: number;
  readonly groups: readonly number[];
}

export const ROOT_CREDENTIAL: Credential = { uid: 0, gid: 0, groups: [] };

export const MAY_READ = 4;
export const MAY_WRITE = 2;
export const MAY_EXEC = 1;

export function inGroup(cred: Credential, gid: number): boolean {
  return cred.gid === gid || cred.groups.includes(gid);
}

/**
 * The classic Unix check (generic_permission): exactly one class applies —
 * owner, else group, else other — so an owner without a bit is refused even
 * when "other" has it. uid 0 passes every read and write, and passes exec on
 * a non-directory only when some x bit is set (CAP_DAC_OVERRIDE's one limit).
 */
export function permits(st: Pick<FileStat, 'type' | 'mode' | 'uid' | 'gid'>, cred: Credential, want: number): boolean {
  if (cred.uid === 0) {
    if ((want & MAY_EXEC) === 0 || st.type === 'dir') return true;
    return (st.mode & 0o111) !== 0;
  }
  const shift = cred.uid === st.uid ? 6 : inGroup(cred, st.gid) ? 3 : 0;
  const granted = (st.mode >> shift) & 7;
  return (granted & want) === want;
}

/**
 * The sticky-bit rule for removing or renaming an entry of a directory such
 * as /tmp: only the entry's owner, the directory's owner or root may.
 */
export function stickyAllows(dir: Pick<FileStat, 'mode' | 'uid'>, entry: Pick<FileStat, 'uid'>, cred: Credential): boolean {
  if ((dir.mode & 0o1000) === 0 || cred.uid === 0) return true;
  return cred.uid === entry.uid || cred.uid === dir.uid;
}
