import { DockbookError } from '../errors.js';

/** Docker's default detach sequence: ctrl-p then ctrl-q. */
export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

/** `ctrl-p,ctrl-q` → [0x10, 0x11]: `ctrl-a`…`ctrl-z`, `ctrl-@ [ \ ] ^ _`, or single characters. */
export function parseDetachKeys(text: string): number[] {
  return text.split(',').map((k) => {
    const key = k.trim();
    const ctrl = /^ctrl-(.)$/.exec(key);
    if (ctrl) {
      const c = ctrl[1]!;
      if (/[a-z]/.test(c)) return c.charCodeAt(0) - 0x60;
      const special = '@[\\]^_'.indexOf(c);
      if (special >= 0) return special === 0 ? 0 : 0x1b + special - 1;
    } else if (key.length === 1) {
      return key.charCodeAt(0);
    }
    throw new DockbookError('E_INVALID_ARGUMENT', `Invalid detach keys (${text}) provided`, { hint: 'write them as ctrl-p,ctrl-q (a letter or one of @[\\]^_ after ctrl-)' });
  });
}

/**
 * Watches what a client types for the detach sequence. Bytes that might
 * start it are held back until the next ones show whether they do; the rest
 * pass through untouched.
 */
export class DetachScanner {
  private held: number[] = [];

  constructor(private readonly keys: readonly number[]) {}

  /** What to pass on, and whether the sequence was typed (then nothing after it passes). */
  feed(chunk: Uint8Array): { pass: Uint8Array; detach: boolean } {
    const out: number[] = [];
    for (const b of chunk) {
      if (b === this.keys[this.held.length]) {
        this.held.push(b);
        if (this.held.length === this.keys.length) return { pass: Uint8Array.from(out), detach: true };
        continue;
      }
      out.push(...this.held);
      this.held = [];
      if (b === this.keys[0]) this.held.push(b);
      else out.push(b);
    }
    return { pass: Uint8Array.from(out), detach: false };
  }
}
