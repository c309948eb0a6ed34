import { describe, expect, it } from 'vitest';
import { DetachScanner, parseDetachKeys } from '../../core/engine/detach-keys.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('detach keys', () => {
  it('reads ctrl-p,ctrl-q as 0x10 0x11, and ctrl-[ ctrl-\\ ctrl-@ and plain characters', () => {
    expect(parseDetachKeys('ctrl-p,ctrl-q')).toEqual([0x10, 0x11]);
    expect(parseDetachKeys('ctrl-[,ctrl-\\,ctrl-@,a')).toEqual([0x1b, 0x1c, 0x00, 0x61]);
  });

  it('refuses a key it cannot type, with a stable code', () => {
    expect(() => parseDetachKeys('ctrl-€')).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    expect(() => parseDetachKeys('alt-x')).toThrow(/Invalid detach keys/);
  });

  it('passes typing through and detaches on the sequence, even split across chunks', () => {
    const s = new DetachScanner([0x10, 0x11]);
    expect(s.feed(bytes(0x61, 0x10))).toEqual({ pass: bytes(0x61), detach: false });
    expect(s.feed(bytes(0x11, 0x62))).toEqual({ pass: bytes(), detach: true });
  });

  it('gives back a held ctrl-p when the next key is not ctrl-q', () => {
    const s = new DetachScanner([0x10, 0x11]);
    expect(s.feed(bytes(0x10))).toEqual({ pass: bytes(), detach: false });
    expect(s.feed(bytes(0x62))).toEqual({ pass: bytes(0x10, 0x62), detach: false });
    expect(s.feed(bytes(0x10, 0x10, 0x11))).toEqual({ pass: bytes(0x10), detach: true });
  });
});
