import { DockbookError } from '../../errors.js';
import { BLOCK, type TarEntry, type TarEntryType } from './tar-entry.js';

const decoder = new TextDecoder();

function malformed(why: string): DockbookError {
  return new DockbookError('E_BAD_ARCHIVE', `malformed tar archive: ${why}`, {
    hint: 'the file is not a tar archive, is truncated, or is compressed (layers here are plain tar)',
  });
}

function text(block: Uint8Array, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const nul = field.indexOf(0);
  return decoder.decode(nul >= 0 ? field.subarray(0, nul) : field);
}

/**
 * Numeric fields are octal text; GNU tar writes values too large for octal
 * in base-256 (high bit of the first byte set), which readers must accept.
 */
function number(block: Uint8Array, offset: number, length: number): number {
  const first = block[offset] ?? 0;
  if (first & 0x80) {
    let value = first & 0x7f;
    for (let i = 1; i < length; i += 1) value = value * 256 + (block[offset + i] ?? 0);
    return value;
  }
  const s = text(block, offset, length).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw malformed(`bad numeric field "${s}"`);
  return parseInt(s, 8);
}

function checksumOk(block: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  return number(block, 148, 8) === sum;
}

function isZeroBlock(block: Uint8Array): boolean {
  for (const b of block) if (b !== 0) return false;
  return true;
}

/** pax records: "LEN key=value\n", where LEN counts the whole record. */
function parsePax(data: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    let space = pos;
    while (space < data.length && data[space] !== 0x20) space += 1;
    const len = parseInt(decoder.decode(data.subarray(pos, space)), 10);
    if (!Number.isFinite(len) || len <= 0 || pos + len > data.length) throw malformed('bad pax record');
    const record = decoder.decode(data.subarray(space + 1, pos + len - 1));
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return out;
}

const TYPES: Readonly<Record<string, TarEntryType>> = {
  '0': 'file', '\0': 'file', '': 'file', '7': 'file', '1': 'hardlink', '2': 'symlink', '3': 'char', '4': 'block', '5': 'dir', '6': 'fifo',
};

/**
 * Reads a tar archive held in memory: ustar, pax extended headers (long
 * names, large sizes, xattrs) and GNU long names (`L`/`K`). File data is a
 * view into `archive`, not a copy. Unknown member types are an error rather
 * than silently skipped, so nothing in a layer goes unchecked.
 */
export function* readTar(archive: Uint8Array): Generator<TarEntry> {
  let pos = 0;
  let pax = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;
  while (pos + BLOCK <= archive.length) {
    const header = archive.subarray(pos, pos + BLOCK);
    if (isZeroBlock(header)) return;
    if (!checksumOk(header)) throw malformed(`bad header checksum at offset ${pos}`);
    const flag = text(header, 156, 1);
    const size = pax.has('size') ? Number(pax.get('size')) : number(header, 124, 12);
    const dataStart = pos + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > archive.length) throw malformed(`member at offset ${pos} runs past the end`);
    const data = archive.subarray(dataStart, dataEnd);
    pos = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (flag === 'x') { pax = new Map([...pax, ...parsePax(data)]); continue; }
    if (flag === 'g') continue; // global pax defaults: nothing a layer needs
    if (flag === 'L') { longName = text(data, 0, data.length); continue; }
    if (flag === 'K') { longLink = text(data, 0, data.length); continue; }
    const type = TYPES[flag];
    if (type === undefined) throw malformed(`unsupported member type "${flag}" at offset ${pos}`);

    // Only POSIX ustar has a prefix field; old GNU headers keep times there.
    const prefix = text(header, 257, 6) === 'ustar' ? text(header, 345, 155) : '';
    let path = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    if (path.endsWith('/') && path.length > 1) path = path.replace(/\/+$/, '');
    const linkname = pax.get('linkpath') ?? longLink ?? text(header, 157, 100);
    const xattrs: Record<string, string> = {};
    for (const [k, v] of pax) if (k.startsWith('SCHILY.xattr.')) xattrs[k.slice('SCHILY.xattr.'.length)] = v;
    const paxNumber = (key: string, fallback: number): number => (pax.has(key) ? Math.floor(Number(pax.get(key))) : fallback);

    yield {
      path,
      type,
      mode: number(header, 100, 8) & 0o7777,
      uid: paxNumber('uid', number(header, 108, 8)),
      gid: paxNumber('gid', number(header, 116, 8)),
      uname: pax.get('uname') ?? text(header, 265, 32),
      gname: pax.get('gname') ?? text(header, 297, 32),
      mtime: paxNumber('mtime', number(header, 136, 12)),
      ...(type === 'symlink' || type === 'hardlink' ? { linkname } : {}),
      ...(type === 'char' || type === 'block' ? { devmajor: number(header, 329, 8), devminor: number(header, 337, 8) } : {}),
      ...(type === 'file' ? { data } : {}),
      ...(Object.keys(xattrs).length > 0 ? { xattrs } : {}),
    };
    pax = new Map();
    longName = undefined;
    longLink = undefined;
  }
  if (pos < archive.length) throw malformed('trailing bytes shorter than a header');
}

/** All entries at once (small archives, tests). */
export function listTar(archive: Uint8Array): TarEntry[] {
  return [...readTar(archive)];
}
