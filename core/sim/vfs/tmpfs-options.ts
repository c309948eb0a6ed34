import { fail } from './errno.js';

const PAGE = 4096;
const UNITS: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

export interface TmpfsOptions {
  /** Bytes allowed; Infinity for `size=0`, which tmpfs reads as "no limit". */
  readonly sizeLimit: number;
  readonly rootMode: number;
  readonly uid: number;
  readonly gid: number;
  /** What mountinfo shows after rw/ro, in the kernel's order. */
  readonly shown: string[];
}

/**
 * Parses tmpfs mount data (`size=1m,mode=755`) and renders it back the way
 * shmem_show_options does: only what differs from the default, size in
 * kibibytes rounded up to whole pages, mode in octal.
 */
export function parseTmpfsOptions(data: string, memoryBytes: number): TmpfsOptions {
  let size: number | null = null;
  let nrInodes: number | null = null;
  let rootMode = 0o1777;
  let uid = 0;
  let gid = 0;
  for (const opt of data.split(',').filter(Boolean)) {
    const eq = opt.indexOf('=');
    const key = eq < 0 ? opt : opt.slice(0, eq);
    const value = eq < 0 ? '' : opt.slice(eq + 1);
    switch (key) {
      case 'size': size = parseSize(value, memoryBytes); break;
      case 'nr_inodes': nrInodes = parseCount(value); break;
      case 'mode': rootMode = parseOctal(value); break;
      case 'uid': uid = parseCount(value); break;
      case 'gid': gid = parseCount(value); break;
      default: fail('EINVAL', `tmpfs does not know the option "${key}"`);
    }
  }
  const shown: string[] = [];
  if (size !== null) shown.push(`size=${size / 1024}k`);
  if (nrInodes !== null) shown.push(`nr_inodes=${nrInodes}`);
  if (rootMode !== 0o1777) shown.push(`mode=${rootMode.toString(8).padStart(3, '0')}`);
  if (uid !== 0) shown.push(`uid=${uid}`);
  if (gid !== 0) shown.push(`gid=${gid}`);
  return { sizeLimit: size === null || size === 0 ? Number.POSITIVE_INFINITY : size, rootMode, uid, gid, shown };
}

function parseSize(value: string, memoryBytes: number): number {
  const m = /^(\d+)([kmgt%]?)$/i.exec(value);
  if (!m) fail('EINVAL', `bad tmpfs size "${value}"`);
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const bytes = unit === '%' ? Math.floor((memoryBytes * n) / 100) : n * (UNITS[unit] ?? 1);
  return Math.ceil(bytes / PAGE) * PAGE;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) fail('EINVAL');
  return Number(value);
}

function parseOctal(value: string): number {
  if (!/^[0-7]{1,4}$/.test(value)) fail('EINVAL');
  return parseInt(value, 8);
}
