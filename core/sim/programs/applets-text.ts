import { text, type Program } from '../sys.js';
import { eachInput, getopt, lines } from './io.js';

function unescape(s: string): { out: string; stop: boolean } {
  let stop = false;
  const out = s.replace(/\\(c|n|t|\\|0[0-7]{0,3}|a|b|r|v|f)/g, (_, e: string) => {
    if (e === 'c') { stop = true; return ''; }
    if (e.startsWith('0')) return String.fromCharCode(parseInt(e.slice(1) || '0', 8));
    return ({ n: '\n', t: '\t', '\\': '\\', a: '\x07', b: '\b', r: '\r', v: '\v', f: '\f' } as Record<string, string>)[e] ?? '';
  });
  return { out: stop ? out.slice(0, out.length) : out, stop };
}

export const echo: Program = async (sys) => {
  let args = sys.argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args[0] && /^-[neE]+$/.test(args[0])) {
    if (args[0].includes('n')) newline = false;
    if (args[0].includes('e')) escapes = true;
    args = args.slice(1);
  }
  let s = args.join(' ');
  if (escapes) {
    const u = unescape(s);
    s = u.out;
    if (u.stop) newline = false;
  }
  await sys.out(newline ? `${s}\n` : s);
  return 0;
};

export const printf: Program = async (sys) => {
  const [fmt = '', ...args] = sys.argv.slice(1);
  let out = '';
  let i = 0;
  do {
    out += unescape(fmt).out.replace(/%([-0 ]?\d*)([sdcxo%])/g, (_, w: string, c: string) => {
      if (c === '%') return '%';
      const a = args[i++] ?? '';
      let v = c === 'd' ? String(Number.parseInt(a, 10) || 0) : c === 'x' ? (Number(a) || 0).toString(16) : c === 'o' ? (Number(a) || 0).toString(8) : c === 'c' ? a.slice(0, 1) : a;
      const width = Number(w.replace(/[-0 ]/, '')) || 0;
      if (v.length < width) v = w.startsWith('-') ? v.padEnd(width) : v.padStart(width, w.startsWith('0') ? '0' : ' ');
      return v;
    });
  } while (i > 0 && i < args.length);
  await sys.out(out);
  return 0;
};

export const cat: Program = async (sys) => eachInput(sys, sys.argv.slice(1).filter((a) => a !== '-u'), (d) => sys.write(1, d));

/** `head -5` is `head -n 5`. */
function countArgs(args: readonly string[]): string[] {
  return args.flatMap((a) => (/^-\d+$/.test(a) ? ['-n', a.slice(1)] : [a]));
}

export const head: Program = async (sys) => {
  const { opts, rest } = getopt(countArgs(sys.argv.slice(1)), 'nc');
  return eachInput(sys, rest, async (d) => {
    if (opts.has('c')) {
      await sys.write(1, d.subarray(0, Number(opts.get('c'))));
      return;
    }
    const n = Number(opts.get('n') ?? 10);
    await sys.out(lines(d).slice(0, n).map((l) => `${l}\n`).join(''));
  });
};

export const tail: Program = async (sys) => {
  const { opts, rest } = getopt(countArgs(sys.argv.slice(1)), 'nc');
  return eachInput(sys, rest, async (d) => {
    const spec = opts.get('n') ?? '10';
    const all = lines(d);
    const picked = spec.startsWith('+') ? all.slice(Number(spec.slice(1)) - 1) : all.slice(Math.max(0, all.length - Number(spec)));
    await sys.out(picked.map((l) => `${l}\n`).join(''));
  });
};

export const wc: Program = async (sys) => {
  const { opts, rest } = getopt(sys.argv.slice(1));
  const pick = ['l', 'w', 'c'].filter((k) => opts.has(k));
  const cols = pick.length ? pick : ['l', 'w', 'c'];
  return eachInput(sys, rest, async (d, name) => {
    const s = text.decode(d);
    const counts: Record<string, number> = { l: (s.match(/\n/g) ?? []).length, w: s.split(/\s+/).filter(Boolean).length, c: d.length };
    const nums = cols.map((k) => counts[k]!);
    // busybox pads columns to 7 unless a single count of stdin is asked for.
    const body = cols.length === 1 && name === '-' ? String(nums[0]) : nums.map((n) => String(n).padStart(7)).join(' ');
    await sys.out(name === '-' ? `${body}\n` : `${body} ${name}\n`);
  });
};

export const grep: Program = async (sys) => {
  const { opts, rest } = getopt(sys.argv.slice(1), 'e');
  const pattern = opts.get('e') ?? rest.shift() ?? '';
  const flags = opts.has('i') ? 'i' : '';
  const re = opts.has('F') ? null : new RegExp(opts.has('E') ? pattern : basicToExtended(pattern), flags);
  let matched = false;
  const status = await eachInput(sys, rest, async (d, name) => {
    const out: string[] = [];
    let count = 0;
    for (const l of lines(d)) {
      const hit = re ? re.test(l) : (flags ? l.toLowerCase().includes(pattern.toLowerCase()) : l.includes(pattern));
      if (hit !== opts.has('v')) {
        count++;
        matched = true;
        if (!opts.has('q') && !opts.has('c')) out.push(rest.length > 1 ? `${name}:${l}` : l);
      }
    }
    if (opts.has('c')) out.push(String(count));
    if (out.length) await sys.out(out.map((l) => `${l}\n`).join(''));
  });
  return status !== 0 ? 2 : matched ? 0 : 1;
};

/** BRE to JS: \( \) \| \{ \} are the special ones; bare ( ) | { } + ? are literal. */
function basicToExtended(p: string): string {
  return p.replace(/\\([(){}|+?])|([(){}|+?])/g, (_, esc: string | undefined, bare: string | undefined) => (esc ? esc : `\\${bare}`));
}

export const cut: Program = async (sys) => {
  const { opts, rest } = getopt(sys.argv.slice(1), 'dfc');
  const ranges = (opts.get('f') ?? opts.get('c') ?? '1').split(',').map((r) => {
    const [a, b] = r.split('-');
    return [Number(a || 1), b === undefined ? Number(a) : b === '' ? Infinity : Number(b)] as const;
  });
  const inRange = (i: number): boolean => ranges.some(([a, b]) => i >= a && i <= b);
  const delim = opts.get('d') ?? '\t';
  return eachInput(sys, rest, async (d) => {
    const out = lines(d).map((l) => {
      if (opts.has('c')) return [...l].filter((_, i) => inRange(i + 1)).join('');
      if (!l.includes(delim)) return l;
      return l.split(delim).filter((_, i) => inRange(i + 1)).join(delim);
    });
    await sys.out(out.map((l) => `${l}\n`).join(''));
  });
};

function expandSet(s: string): string {
  const u = unescape(s).out;
  return u.replace(/(.)-(.)/g, (_, a: string, b: string) => {
    let r = '';
    for (let c = a.charCodeAt(0); c <= b.charCodeAt(0); c++) r += String.fromCharCode(c);
    return r;
  });
}

export const tr: Program = async (sys) => {
  const { opts, rest } = getopt(sys.argv.slice(1));
  const from = expandSet(rest[0] ?? '');
  const to = expandSet(rest[1] ?? '');
  const s = text.decode(await sys.readAll(0));
  let out = '';
  for (const c of s) {
    const i = from.indexOf(c);
    if (opts.has('d')) { if (i < 0) out += c; continue; }
    out += i < 0 ? c : (to[Math.min(i, to.length - 1)] ?? c);
  }
  await sys.out(out);
  return 0;
};
