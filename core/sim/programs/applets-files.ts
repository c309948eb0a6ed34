import type { FileStat } from '../../kernel/types.js';
import { Sys, type Program } from '../sys.js';
import { getopt } from './io.js';

const CAP_MKNOD = 27n;

async function each(sys: Sys, paths: readonly string[], verb: string, fn: (p: string) => void): Promise<number> {
  let st = 0;
  for (const p of paths) {
    try {
      sys.call(() => fn(p));
    } catch (e) {
      await sys.err(`${sys.applet}: ${verb}${verb ? ' ' : ''}'${p}': ${Sys.describe(e)}\n`);
      st = 1;
    }
  }
  return st;
}

export const mkdir: Program = async (sys) => {
  const { opts, rest } = getopt(sys.argv.slice(1), 'm');
  const mode = opts.has('m') ? parseInt(opts.get('m')!, 8) : 0o777;
  return each(sys, rest, "can't create directory", (p) => sys.fs.mkdir(p, { recursive: opts.has('p'), mode }));
};

export const rm: Program = async (sys) => {
  const { opts, rest } = getopt(sys.argv.slice(1));
  const force = opts.has('f');
  return each(sys, rest, "can't remove", (p) => {
    if (!force || sys.fs.exists(p)) {
      if (sys.fs.lstat(p).type === 'dir' && !opts.has('r') && !opts.has('R')) throw Object.assign(new Error('is a directory'), { errnoCode: 'EISDIR' });
      sys.fs.remove(p, { recursive: opts.has('r') || opts.has('R'), force });
    }
  });
};

export const rmdir: Program = async (sys) => each(sys, sys.argv.slice(1), "can't remove", (p) => sys.fs.rmdir(p));

export const touch: Program = async (sys) => each(sys, getopt(sys.argv.slice(1)).rest, "can't touch", (p) => {
  if (sys.fs.exists(p)) sys.fs.writeFile(p, new Uint8Array(0), { append: true });
  else sys.fs.writeFile(p, new Uint8Array(0), { mode: 0o666 });
});

export const readlink: Program = async (sys) => {
  const { opts, rest } = getopt(sys.argv.slice(1));
  let st = 0;
  for (const p of rest) {
    try {
      const out = sys.call(() => (opts.has('f') ? realpath(sys, p) : sys.fs.readlink(p)));
      await sys.out(`${out}\n`);
    } catch {
      st = 1;
    }
  }
  return st;
};

function realpath(sys: Sys, p: string): string {
  let cur = sys.fs.absolute(p);
  for (let i = 0; i < 40 && sys.fs.lstat(cur).type === 'symlink'; i++) {
    const t = sys.fs.readlink(cur);
    cur = sys.fs.absolute(t.startsWith('/') ? t : `${cur.slice(0, cur.lastIndexOf('/'))}/${t}`);
  }
  return cur;
}

const TYPE_CHAR: Record<FileStat['type'], string> = { file: '-', dir: 'd', symlink: 'l', char: 'c', block: 'b', fifo: 'p', socket: 's' };

function modeString(st: FileStat): string {
  const bits = 'rwxrwxrwx'.split('').map((c, i) => ((st.mode >> (8 - i)) & 1 ? c : '-')).join('');
  return TYPE_CHAR[st.type] + bits;
}

export const ls: Program = async (sys) => {
  const { opts, rest } = getopt(sys.argv.slice(1));
  const targets = rest.length ? rest : ['.'];
  let status = 0;
  const fmt = (name: string, path: string): string => {
    if (!opts.has('l')) return name;
    const st = sys.call(() => sys.fs.lstat(path));
    const size = st.type === 'char' || st.type === 'block' ? `${Math.floor(st.rdev / 256) % 4096}, ${st.rdev % 256}` : String(st.size);
    const link = st.type === 'symlink' ? ` -> ${sys.call(() => sys.fs.readlink(path))}` : '';
    return `${modeString(st)} ${String(st.nlink).padStart(4)} root     root     ${size.padStart(8)} Jan  1 00:00 ${name}${link}`;
  };
  for (const t of targets) {
    try {
      const st = sys.call(() => sys.fs.stat(t));
      if (st.type !== 'dir' || opts.has('d')) {
        await sys.out(`${fmt(t, t)}\n`);
        continue;
      }
      let names = sys.call(() => sys.fs.readdir(t)).map((e) => e.name);
      if (opts.has('a')) names.push('.', '..');
      else names = names.filter((n) => !n.startsWith('.'));
      names.sort();
      if (targets.length > 1) await sys.out(`${t}:\n`);
      await sys.out(names.map((n) => `${fmt(n, `${t}/${n}`)}\n`).join(''));
    } catch (e) {
      await sys.err(`ls: ${t}: ${Sys.describe(e)}\n`);
      status = 1;
    }
  }
  return status;
};

export const mknod: Program = async (sys) => {
  const { opts, rest } = getopt(sys.argv.slice(1), 'm');
  const [path, t, maj, min] = rest;
  const type = t === 'b' ? 'block' : t === 'p' ? 'fifo' : t === 'c' || t === 'u' ? 'char' : null;
  if (!path || !type || (type !== 'fifo' && (maj === undefined || min === undefined))) {
    await sys.err('mknod: usage: mknod [-m MODE] NAME TYPE [MAJOR MINOR]\n');
    return 1;
  }
  const mode = opts.has('m') ? parseInt(opts.get('m')!, 8) : 0o666;
  try {
    if (type !== 'fifo') {
      if (((sys.proc.caps.effective >> CAP_MKNOD) & 1n) === 0n) throw Object.assign(new Error(), { errnoCode: 'EPERM' });
      sys.checkDevice(path, type === 'char' ? 'c' : 'b', Number(maj) * 256 + Number(min), 'm');
    }
    sys.call(() => sys.fs.mknod(path, type, mode, Number(maj ?? 0), Number(min ?? 0)));
    return 0;
  } catch (e) {
    await sys.err(`mknod: ${path}: ${Sys.describe(e)}\n`);
    return 1;
  }
};

function bytesOf(s: string | undefined, dflt: number): number {
  const m = /^(\d+)([kKMGcwb]?)$/.exec(s ?? '');
  if (!m) return dflt;
  const mult = { '': 1, c: 1, w: 2, b: 512, k: 1024, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2]!] ?? 1;
  return Number(m[1]) * mult;
}

/**
 * dd: holds a buffer of `bs` bytes (charged as memory: how a test makes a
 * container exceed its memory limit) and copies `count` blocks.
 */
export const dd: Program = async (sys) => {
  const kv = new Map(sys.argv.slice(1).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] as const));
  const bs = bytesOf(kv.get('bs'), 512);
  const count = kv.has('count') ? Number(kv.get('count')) : Infinity;
  sys.alloc(bs);
  let input: Uint8Array | null = null;
  const zero = kv.get('if') === '/dev/zero';
  if (!zero) {
    try {
      input = kv.has('if') ? sys.readFile(kv.get('if')!) : await sys.readAll(0);
    } catch (e) {
      await sys.err(`dd: can't open '${kv.get('if')}': ${Sys.describe(e)}\n`);
      return 1;
    }
  }
  let blocks = 0;
  let copied = 0;
  const out = kv.get('of');
  const chunks: Uint8Array[] = [];
  while (blocks < count) {
    const chunk = zero ? new Uint8Array(Math.min(bs, 1 << 16)) : input!.subarray(blocks * bs, (blocks + 1) * bs);
    if (!zero && chunk.length === 0) break;
    await sys.cpu(0.01);
    copied += zero ? bs : chunk.length;
    if (out !== '/dev/null') chunks.push(zero ? new Uint8Array(bs) : chunk);
    blocks++;
    if (zero && count === Infinity && blocks > 1_000_000) break;
  }
  try {
    if (out === undefined) for (const c of chunks) await sys.write(1, c);
    else if (out !== '/dev/null') sys.call(() => sys.fs.writeFile(out, concatAll(chunks)));
  } catch (e) {
    await sys.err(`dd: can't open '${out}': ${Sys.describe(e)}\n`);
    return 1;
  }
  sys.free(bs);
  await sys.err(`${blocks}+0 records in\n${blocks}+0 records out\n${copied} bytes (${(copied / 1048576).toFixed(1)}MB) copied, 0.000000 seconds, 0B/s\n`);
  return 0;
};

function concatAll(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}
