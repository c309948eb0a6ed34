import { BLOCK, TYPE_FLAGS, type TarEntry } from './tar-entry.js';

const encoder = new TextEncoder();
const OCTAL_MAX_8 = 0o7777777;
const OCTAL_MAX_12 = 0o77777777777;

function putText(block: Uint8Array, offset: number, length: number, value: string): void {
  block.set(encoder.encode(value).subarray(0, length), offset);
}

function putOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  putText(block, offset, length - 1, value.toString(8).padStart(length - 1, '0'));
}

/** "LEN key=value\n" where LEN includes its own digits. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = encoder.encode(body).length;
  const digits = String(bodyLength).length;
  let len = bodyLength + digits;
  if (String(len).length > digits) len += 1;
  return `${len}${body}`;
}

/** ustar keeps a long path as prefix (≤155) + "/" + name (≤100) when it can split at a slash. */
function splitUstar(path: string): { name: string; prefix: string } | null {
  const bytes = encoder.encode(path).length;
  if (bytes <= 100) return { name: path, prefix: '' };
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100 && name !== '') return { name, prefix };
  }
  return null;
}

function header(fields: {
  name: string; prefix: string; mode: number; uid: number; gid: number; size: number; mtime: number;
  flag: string; linkname: string; uname: string; gname: string; devmajor: number; devminor: number;
}): Uint8Array {
  const block = new Uint8Array(BLOCK);
  putText(block, 0, 100, fields.name);
  putOctal(block, 100, 8, fields.mode);
  putOctal(block, 108, 8, fields.uid);
  putOctal(block, 116, 8, fields.gid);
  putOctal(block, 124, 12, fields.size);
  putOctal(block, 136, 12, fields.mtime);
  block.fill(0x20, 148, 156);
  putText(block, 156, 1, fields.flag);
  putText(block, 157, 100, fields.linkname);
  putText(block, 257, 8, 'ustar\u000000');
  putText(block, 265, 32, fields.uname);
  putText(block, 297, 32, fields.gname);
  putOctal(block, 329, 8, fields.devmajor);
  putOctal(block, 337, 8, fields.devminor);
  putText(block, 345, 155, fields.prefix);
  let sum = 0;
  for (const b of block) sum += b;
  putText(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\u0000 `);
  return block;
}

function padded(data: Uint8Array): Uint8Array[] {
  const rest = data.length % BLOCK;
  return rest === 0 ? [data] : [data, new Uint8Array(BLOCK - rest)];
}

/**
 * Writes entries as a POSIX (pax) tar: plain ustar headers, plus a pax
 * header only where ustar cannot hold a value (long paths or link targets,
 * sizes or ids beyond octal, xattrs). Byte-for-byte deterministic for the
 * same entries, which is what keeps a layer's digest stable.
 */
export function writeTar(entries: Iterable<TarEntry>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const data = e.type === 'file' ? (e.data ?? new Uint8Array(0)) : new Uint8Array(0);
    const path = e.type === 'dir' ? `${e.path}/` : e.path;
    const linkname = e.linkname ?? '';
    const records: string[] = [];
    let split = splitUstar(path);
    if (!split) { records.push(paxRecord('path', path)); split = { name: path.slice(0, 100), prefix: '' }; }
    if (encoder.encode(linkname).length > 100) records.push(paxRecord('linkpath', linkname));
    if (data.length > OCTAL_MAX_12) records.push(paxRecord('size', String(data.length)));
    if (e.uid > OCTAL_MAX_8) records.push(paxRecord('uid', String(e.uid)));
    if (e.gid > OCTAL_MAX_8) records.push(paxRecord('gid', String(e.gid)));
    for (const [k, v] of Object.entries(e.xattrs ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      records.push(paxRecord(`SCHILY.xattr.${k}`, v));
    }
    if (records.length > 0) {
      const paxData = encoder.encode(records.join(''));
      parts.push(header({
        name: `PaxHeaders/${split.name}`.slice(0, 100), prefix: '', mode: 0o644, uid: 0, gid: 0, size: paxData.length,
        mtime: e.mtime, flag: 'x', linkname: '', uname: '', gname: '', devmajor: 0, devminor: 0,
      }), ...padded(paxData));
    }
    parts.push(header({
      name: split.name, prefix: split.prefix, mode: e.mode & 0o7777,
      uid: Math.min(e.uid, OCTAL_MAX_8), gid: Math.min(e.gid, OCTAL_MAX_8),
      size: Math.min(data.length, OCTAL_MAX_12), mtime: e.mtime, flag: TYPE_FLAGS[e.type], linkname: linkname.slice(0, 100),
      uname: e.uname ?? '', gname: e.gname ?? '', devmajor: e.devmajor ?? 0, devminor: e.devminor ?? 0,
    }), ...padded(data));
  }
  parts.push(new Uint8Array(BLOCK * 2));
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) { out.set(p, offset); offset += p.length; }
  return out;
}
