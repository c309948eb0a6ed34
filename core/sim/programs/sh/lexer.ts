import type { Token, Word, WordPart } from './tokens.js';

export class ShellSyntaxError extends Error {}

const OPS = ['&&', '||', ';;', ';', '&', '|', '(', ')', '\n'];

/** Splits shell source into words, operators and redirections (POSIX token rules, minus here-documents). */
export function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '\\' && src[i + 1] === '\n') { i += 2; continue; }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const redir = /^(\d?)(>>|>&|<&|>|<)/.exec(src.slice(i));
    if (redir) {
      out.push({ t: 'redir', fd: redir[1] ? Number(redir[1]) : null, op: redir[2]! });
      i += redir[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ t: 'op', v: op });
      i += op.length;
      continue;
    }
    const [w, next] = readWord(src, i);
    out.push({ t: 'word', w });
    i = next;
  }
  return out;
}

function readWord(src: string, start: number): [Word, number] {
  const parts: WordPart[] = [];
  let lit = '';
  let litQ = false;
  const flush = (): void => {
    if (lit) parts.push({ k: 'lit', s: lit, q: litQ });
    lit = '';
  };
  const addLit = (s: string, q: boolean): void => {
    if (q !== litQ) flush();
    litQ = q;
    lit += s;
  };
  let i = start;
  while (i < src.length) {
    const c = src[i]!;
    if (' \t\n;&|()<>'.includes(c)) break;
    if (c === '\\') {
      addLit(src[i + 1] ?? '', true);
      i += 2;
    } else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
      addLit(src.slice(i + 1, end), true);
      if (end === i + 1) parts.push({ k: 'lit', s: '', q: true });
      i = end + 1;
    } else if (c === '"') {
      i++;
      const before = parts.length;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && '$`"\\\n'.includes(src[i + 1] ?? '')) {
          addLit(src[i + 1]!, true);
          i += 2;
        } else if (src[i] === '$' || src[i] === '`') {
          flush();
          const [p, n] = readDollar(src, i, true);
          if (p) parts.push(p);
          else addLit('$', true);
          i = n;
        } else {
          addLit(src[i]!, true);
          i++;
        }
      }
      if (i >= src.length) throw new ShellSyntaxError('unterminated quoted string');
      i++;
      if (parts.length === before && lit === '') parts.push({ k: 'lit', s: '', q: true });
    } else if (c === '$' || c === '`') {
      flush();
      const [p, n] = readDollar(src, i, false);
      if (p) parts.push(p);
      else addLit('$', false);
      i = n;
    } else {
      addLit(c, false);
      i++;
    }
  }
  flush();
  return [{ parts, raw: src.slice(start, i) }, i];
}

/** `$name`, `${name}`, `${name:-word}`, `$(cmd)`, `` `cmd` ``, `$((expr))`, or null for a lone `$`. */
function readDollar(src: string, i: number, q: boolean): [WordPart | null, number] {
  if (src[i] === '`') {
    const end = src.indexOf('`', i + 1);
    if (end < 0) throw new ShellSyntaxError('unterminated `');
    return [{ k: 'cmd', src: src.slice(i + 1, end), q }, end + 1];
  }
  const c = src[i + 1] ?? '';
  if (src.startsWith('$((', i)) {
    const end = matching(src, i + 1);
    return [{ k: 'arith', src: src.slice(i + 3, end - 1), q }, end + 1];
  }
  if (c === '(') {
    const end = matching(src, i + 1);
    return [{ k: 'cmd', src: src.slice(i + 2, end), q }, end + 1];
  }
  if (c === '{') {
    const end = src.indexOf('}', i);
    if (end < 0) throw new ShellSyntaxError('bad substitution');
    const body = src.slice(i + 2, end);
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[#?$!@*])(?:(:?[-=+?])(.*))?$/.exec(body);
    if (!m) throw new ShellSyntaxError('bad substitution');
    const alt = m[2] ? { op: m[2], word: readWord(`${m[3] ?? ''}`, 0)[0] } : undefined;
    return [{ k: 'param', name: m[1]!, q, alt }, end + 1];
  }
  if (/[#?$!@*0-9-]/.test(c)) return [{ k: 'param', name: c, q }, i + 2];
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i + 1));
  if (!m) return [null, i + 1];
  return [{ k: 'param', name: m[0], q }, i + 1 + m[0].length];
}

/** Index of the `)` closing the `(` at `open`, skipping quotes and nested parentheses. */
function matching(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === "'") i = src.indexOf("'", i + 1);
    else if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
    if (i < 0) break;
  }
  throw new ShellSyntaxError("unexpected EOF (expecting ')')");
}
