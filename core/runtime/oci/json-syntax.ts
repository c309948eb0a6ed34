/**
 * Where a JSON text first breaks the grammar (RFC 8259), as line and column.
 * JSON.parse says it differently in every engine version, and Node 20's
 * messages often give no position at all; a learner editing config.json by
 * hand needs "line 3 column 11".
 */

export interface JsonSyntaxError {
  /** 0-based offset into the text. */
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based, counted in UTF-16 units like an editor's column for plain text. */
  readonly column: number;
  /** `unexpected "}"`, `unexpected end of input`. */
  readonly problem: string;
}

/** undefined when the text is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    new Scanner(text).document();
    return undefined;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const before = text.slice(0, e.offset);
    const line = before.split('\n').length;
    const column = e.offset - before.lastIndexOf('\n');
    const ch = text[e.offset];
    const problem = ch === undefined ? 'unexpected end of input' : `unexpected ${JSON.stringify(ch)}`;
    return { offset: e.offset, line, column, problem };
  }
}

class Stop {
  constructor(readonly offset: number) {}
}

class Scanner {
  private i = 0;
  constructor(private readonly s: string) {}

  document(): void {
    this.ws();
    this.value();
    this.ws();
    if (this.i < this.s.length) throw new Stop(this.i);
  }

  private ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i]!)) this.i++;
  }

  private expect(ch: string): void {
    if (this.s[this.i] !== ch) throw new Stop(this.i);
    this.i++;
  }

  private value(): void {
    const ch = this.s[this.i];
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (ch === word[0]) {
        for (const w of word) this.expect(w);
        return;
      }
    }
    throw new Stop(this.i);
  }

  private object(): void {
    this.expect('{');
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      this.string();
      this.ws();
      this.expect(':');
      this.ws();
      this.value();
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      this.expect('}');
      return;
    }
  }

  private array(): void {
    this.expect('[');
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      this.value();
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      this.expect(']');
      return;
    }
  }

  private string(): void {
    this.expect('"');
    for (;;) {
      const ch = this.s[this.i];
      if (ch === undefined || ch < ' ') throw new Stop(this.i);
      this.i++;
      if (ch === '"') return;
      if (ch !== '\\') continue;
      const esc = this.s[this.i];
      if (esc !== undefined && '"\\/bfnrt'.includes(esc)) {
        this.i++;
      } else if (esc === 'u') {
        this.i++;
        for (let k = 0; k < 4; k++) {
          if (!/[0-9a-fA-F]/.test(this.s[this.i] ?? '')) throw new Stop(this.i);
          this.i++;
        }
      } else {
        throw new Stop(this.i);
      }
    }
  }

  private number(): void {
    if (this.s[this.i] === '-') this.i++;
    if (this.s[this.i] === '0') this.i++;
    else this.digits();
    if (this.s[this.i] === '.') {
      this.i++;
      this.digits();
    }
    if (this.s[this.i] === 'e' || this.s[this.i] === 'E') {
      this.i++;
      if (this.s[this.i] === '+' || this.s[this.i] === '-') this.i++;
      this.digits();
    }
  }

  private digits(): void {
    const start = this.i;
    while (/[0-9]/.test(this.s[this.i] ?? '')) this.i++;
    if (this.i === start) throw new Stop(this.i);
  }
}
