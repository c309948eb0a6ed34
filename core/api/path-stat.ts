import { fromBase64, toBase64 } from './base64.js';
import type { FileStat } from '../kernel/types.js';

/** What `X-Docker-Container-Path-Stat` carries: base64 of this JSON. */
export interface PathStat {
  readonly name: string;
  readonly size: number;
  /** Go's os.FileMode: permission bits plus type bits high up (dir 1<<31, symlink 1<<27, …). */
  readonly mode: number;
  /** RFC 3339 with nanoseconds where there are any. */
  readonly mtime: string;
  /** For a symlink, its target resolved inside the container: an absolute container path. */
  readonly linkTarget: string;
}

export const PATH_STAT_HEADER = 'X-Docker-Container-Path-Stat';

const GO_MODE = {
  dir: 2 ** 31, symlink: 2 ** 27, device: 2 ** 26, fifo: 2 ** 25, socket: 2 ** 24,
  setuid: 2 ** 23, setgid: 2 ** 22, char: 2 ** 21, sticky: 2 ** 20,
} as const;

/** A Unix st_mode's type and permission bits as Go's os.FileMode, which Docker puts on the wire. */
export function goFileMode(st: Pick<FileStat, 'type' | 'mode'>): number {
  let m = st.mode & 0o777;
  if (st.mode & 0o4000) m += GO_MODE.setuid;
  if (st.mode & 0o2000) m += GO_MODE.setgid;
  if (st.mode & 0o1000) m += GO_MODE.sticky;
  switch (st.type) {
    case 'dir': m += GO_MODE.dir; break;
    case 'symlink': m += GO_MODE.symlink; break;
    case 'fifo': m += GO_MODE.fifo; break;
    case 'socket': m += GO_MODE.socket; break;
    case 'char': m += GO_MODE.device + GO_MODE.char; break;
    case 'block': m += GO_MODE.device; break;
    default: break;
  }
  return m;
}

export function isGoDir(mode: number): boolean {
  return Math.floor(mode / GO_MODE.dir) % 2 === 1;
}

export function isGoSymlink(mode: number): boolean {
  return Math.floor(mode / GO_MODE.symlink) % 2 === 1;
}

/** Go's time.RFC3339Nano in UTC: trailing zeros of the fraction dropped. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}

export function encodePathStat(s: PathStat): string {
  return toBase64(new TextEncoder().encode(JSON.stringify({ name: s.name, size: s.size, mode: s.mode, mtime: s.mtime, linkTarget: s.linkTarget })));
}

export function decodePathStat(header: string): PathStat {
  return JSON.parse(new TextDecoder().decode(fromBase64(header))) as PathStat;
}
