import type { Word, WordPart } from './tokens.js';

/** What expansion needs from the running shell. */
export interface ExpandContext {
  param(name: string): string | undefined;
  setVar(name: string, value: string): void;
  commandSubst(src: string): Promise<string>;
  arith(src: string): string;
}

/**
 * Parameter, command and arithmetic expansion, then field splitting of
 * what was unquoted (no globbing: the simulated images hardly need it).
 */
export async function expandWords(words: readonly Word[], ctx: ExpandContext): Promise<string[]> {
  const out: string[] = [];
  for (const w of words) out.push(...(await expandWord(w, ctx, true)));
  return out;
}

/** One word to one string (assignments, redirect targets, `case` words). */
export async function expandOne(w: Word, ctx: ExpandContext): Promise<string> {
  return (await expandWord(w, ctx, false)).join(' ');
}

async function expandWord(w: Word, ctx: ExpandContext, split: boolean): Promise<string[]> {
  // Fields under construction; `open` says the last field may still grow.
  const fields: string[] = [];
  let cur = '';
  let have = false;
  const push = (s: string, quoted: boolean): void => {
    if (quoted || !split) {
      cur += s;
      have = true;
      return;
    }
    const pieces = s.split(/[ \t\n]+/);
    pieces.forEach((piece, i) => {
      if (i > 0) {
        if (have) fields.push(cur);
        cur = '';
        have = false;
      }
      if (piece) {
        cur += piece;
        have = true;
      }
    });
  };
  for (const p of w.parts) push(await partValue(p, ctx), p.q || p.k === 'lit');
  if (have) fields.push(cur);
  return fields;
}

async function partValue(p: WordPart, ctx: ExpandContext): Promise<string> {
  switch (p.k) {
    case 'lit':
      return p.s;
    case 'cmd':
      return (await ctx.commandSubst(p.src)).replace(/\n+$/, '');
    case 'arith':
      return ctx.arith(p.src);
    case 'param': {
      const v = ctx.param(p.name);
      if (!p.alt) return v ?? '';
      const empty = p.alt.op.startsWith(':') ? !v : v === undefined;
      const op = p.alt.op.replace(':', '');
      if (op === '-') return empty ? expandOne(p.alt.word, ctx) : v!;
      if (op === '=') {
        if (!empty) return v!;
        const d = await expandOne(p.alt.word, ctx);
        ctx.setVar(p.name, d);
        return d;
      }
      if (op === '+') return empty ? '' : expandOne(p.alt.word, ctx);
      return v ?? '';
    }
  }
}

/** $((…)) over integers: + - * / % and parentheses, variables by name. */
export function arithmetic(src: string, lookup: (name: string) => string | undefined): number {
  const toks = src.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|[-+*/%()]/g) ?? [];
  let i = 0;
  const atom = (): number => {
    const t = toks[i++];
    if (t === '(') {
      const v = sum();
      i++;
      return v;
    }
    if (t === '-') return -atom();
    if (t === undefined) return 0;
    if (/^\d/.test(t)) return Number(t);
    return Number(lookup(t) ?? 0) || 0;
  };
  const product = (): number => {
    let v = atom();
    while (toks[i] === '*' || toks[i] === '/' || toks[i] === '%') {
      const op = toks[i++];
      const r = atom();
      v = op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (toks[i] === '+' || toks[i] === '-') v = toks[i++] === '+' ? v + product() : v - product();
    return v;
  };
  return sum();
}
