import { it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { sha256Hex } from '../../core/sim/sha256.js';
it('hashes like node:crypto, across block boundaries', () => { for (const s of ['', 'abc', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(1000)]) expect(sha256Hex(s)).toBe(createHash('sha256').update(s).digest('hex')); });
