import { lex, ShellSyntaxError } from './lexer.js';
import type { AndOr, Command, List, Pipeline, Redirect, Token, Word } from './tokens.js';

const RESERVED = new Set(['do', 'done', 'then', 'elif', 'else', 'fi', '}', 'in']);

/** Parses shell source into a list of and-or lists (the POSIX grammar, without functions, case or here-documents). */
export function parse(src: string): List {
  const p = new Parser(lex(src));
  const list = p.list(new Set());
  if (!p.done()) throw new ShellSyntaxError(`syntax error: unexpected "${p.describe()}"`);
  return list;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  done(): boolean {
    return this.i >= this.toks.length;
  }

  describe(): string {
    const t = this.toks[this.i];
    return !t ? 'end of file' : t.t === 'word' ? t.w.raw : t.t === 'op' ? (t.v === '\n' ? 'newline' : t.v) : t.op;
  }

  private peekWord(): string | null {
    const t = this.toks[this.i];
    return t?.t === 'word' && t.w.parts.every((p) => p.k === 'lit' && !p.q) ? t.w.raw : null;
  }

  private isOp(v: string): boolean {
    const t = this.toks[this.i];
    return t?.t === 'op' && t.v === v;
  }

  private skipNewlines(): void {
    while (this.isOp('\n')) this.i++;
  }

  private expectWord(w: string): void {
    this.skipNewlines();
    if (this.peekWord() !== w) throw new ShellSyntaxError(`syntax error: unexpected "${this.describe()}" (expecting "${w}")`);
    this.i++;
  }

  /** Commands until one of `stop` (a reserved word), `)` or the end. */
  list(stop: ReadonlySet<string>): List {
    const out: { item: AndOr; background: boolean }[] = [];
    for (;;) {
      this.skipNewlines();
      while (this.isOp(';')) this.i++;
      this.skipNewlines();
      if (this.done() || this.isOp(')')) break;
      const w = this.peekWord();
      if (w !== null && (stop.has(w) || RESERVED.has(w))) break;
      const item = this.andOr();
      let background = false;
      if (this.isOp('&')) {
        background = true;
        this.i++;
      } else if (this.isOp(';') || this.isOp('\n')) {
        this.i++;
      } else if (!this.done() && !this.isOp(')') && !(this.peekWord() !== null && RESERVED.has(this.peekWord()!))) {
        throw new ShellSyntaxError(`syntax error: unexpected "${this.describe()}"`);
      }
      out.push({ item, background });
    }
    return out;
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: { op: '&&' | '||'; p: Pipeline }[] = [];
    while (this.isOp('&&') || this.isOp('||')) {
      const op = (this.toks[this.i++] as { v: '&&' | '||' }).v;
      this.skipNewlines();
      rest.push({ op, p: this.pipeline() });
    }
    return { first, rest };
  }

  private pipeline(): Pipeline {
    let bang = false;
    if (this.peekWord() === '!') {
      bang = true;
      this.i++;
    }
    const commands = [this.command()];
    while (this.isOp('|')) {
      this.i++;
      this.skipNewlines();
      commands.push(this.command());
    }
    return { bang, commands };
  }

  private command(): Command {
    const w = this.peekWord();
    if (w === 'for') return this.forCommand();
    if (w === 'while' || w === 'until') {
      this.i++;
      const cond = this.list(new Set(['do']));
      this.expectWord('do');
      const body = this.list(new Set(['done']));
      this.expectWord('done');
      return { type: 'while', until: w === 'until', cond, body, redirs: this.redirects() };
    }
    if (w === 'if') return this.ifCommand();
    if (w === '{') {
      this.i++;
      const body = this.list(new Set(['}']));
      this.expectWord('}');
      return { type: 'group', subshell: false, body, redirs: this.redirects() };
    }
    if (this.isOp('(')) {
      this.i++;
      const body = this.list(new Set());
      if (!this.isOp(')')) throw new ShellSyntaxError("syntax error: missing ')'");
      this.i++;
      return { type: 'group', subshell: true, body, redirs: this.redirects() };
    }
    return this.simple();
  }

  private forCommand(): Command {
    this.i++;
    const t = this.toks[this.i++];
    if (t?.t !== 'word') throw new ShellSyntaxError('syntax error: bad for loop variable');
    let items: Word[] | null = null;
    this.skipNewlines();
    if (this.peekWord() === 'in') {
      this.i++;
      items = [];
      while (this.toks[this.i]?.t === 'word' && this.peekWord() !== 'do') items.push((this.toks[this.i++] as { w: Word }).w);
      if (this.isOp(';') || this.isOp('\n')) this.i++;
    } else if (this.isOp(';')) this.i++;
    this.expectWord('do');
    const body = this.list(new Set(['done']));
    this.expectWord('done');
    return { type: 'for', name: t.w.raw, items, body, redirs: this.redirects() };
  }

  private ifCommand(): Command {
    this.i++;
    const clauses: { cond: List; body: List }[] = [];
    let otherwise: List | null = null;
    for (;;) {
      const cond = this.list(new Set(['then']));
      this.expectWord('then');
      const body = this.list(new Set(['elif', 'else', 'fi']));
      clauses.push({ cond, body });
      this.skipNewlines();
      const w = this.peekWord();
      this.i++;
      if (w === 'elif') continue;
      if (w === 'else') {
        otherwise = this.list(new Set(['fi']));
        this.expectWord('fi');
      } else if (w !== 'fi') throw new ShellSyntaxError('syntax error: expecting "fi"');
      break;
    }
    return { type: 'if', clauses, otherwise, redirs: this.redirects() };
  }

  private simple(): Command {
    const assigns: { name: string; value: Word }[] = [];
    const words: Word[] = [];
    const redirs: Redirect[] = [];
    for (;;) {
      const t = this.toks[this.i];
      if (!t) break;
      if (t.t === 'redir') {
        redirs.push(this.redirect());
        continue;
      }
      if (t.t !== 'word') break;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(t.w.raw);
      if (words.length === 0 && m && t.w.parts[0]?.k === 'lit' && !t.w.parts[0].q) {
        assigns.push({ name: m[1]!, value: stripPrefix(t.w, m[0].length) });
      } else {
        words.push(t.w);
      }
      this.i++;
    }
    if (words.length === 0 && assigns.length === 0 && redirs.length === 0) {
      throw new ShellSyntaxError(`syntax error: unexpected "${this.describe()}"`);
    }
    return { type: 'simple', assigns, words, redirs };
  }

  private redirects(): Redirect[] {
    const out: Redirect[] = [];
    while (this.toks[this.i]?.t === 'redir') out.push(this.redirect());
    return out;
  }

  private redirect(): Redirect {
    const r = this.toks[this.i++] as { fd: number | null; op: string };
    const target = this.toks[this.i++];
    if (target?.t !== 'word') throw new ShellSyntaxError('syntax error: unexpected redirection');
    const op = r.op as Redirect['op'];
    return { fd: r.fd ?? (op === '<' || op === '<&' ? 0 : 1), op, target: target.w };
  }
}

/** The value part of `NAME=value`. */
function stripPrefix(w: Word, n: number): Word {
  const [first, ...rest] = w.parts;
  const s = first && first.k === 'lit' ? first.s.slice(n) : '';
  const parts = s || rest.length === 0 ? [{ k: 'lit' as const, s, q: false }, ...rest] : rest;
  return { parts, raw: w.raw.slice(n) };
}
