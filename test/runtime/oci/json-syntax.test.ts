import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../../core/runtime/oci/json-syntax.js';

describe('findJsonSyntaxError', () => {
  it('finds nothing wrong in valid JSON', () => {
    for (const text of ['{}', ' [1, -2.5e+3, "a\\u00e9\\n", true, false, null, {"a": []}] ', '"x"', '0']) {
      expect(findJsonSyntaxError(text)).toBeUndefined();
    }
  });

  it('points at the line and column where the grammar breaks', () => {
    expect(findJsonSyntaxError('{\n  "a": 1,\n  "b": }')).toEqual({ offset: 19, line: 3, column: 8, problem: 'unexpected "}"' });
    expect(findJsonSyntaxError('{"a": 1,}')).toMatchObject({ line: 1, column: 9, problem: 'unexpected "}"' });
    expect(findJsonSyntaxError('{"a" 1}')).toMatchObject({ column: 6, problem: 'unexpected "1"' });
    expect(findJsonSyntaxError('[1, 2')).toMatchObject({ column: 6, problem: 'unexpected end of input' });
    expect(findJsonSyntaxError('')).toMatchObject({ line: 1, column: 1, problem: 'unexpected end of input' });
    expect(findJsonSyntaxError("{'a': 1}")).toMatchObject({ column: 2, problem: `unexpected "'"` });
    expect(findJsonSyntaxError('{} x')).toMatchObject({ column: 4 });
  });

  it('agrees with JSON.parse on what is valid', () => {
    const samples = [
      '01', '-', '1.', '.5', '1e', '+1', 'tru', 'nul', '"\\x"', '"\\u12G4"', '"a\tb"', '[,]', '[1,]', '{"a":1 "b":2}',
      '1.5e-3', '-0', '"\\/"', '[[[]]]', '{"":""}', 'NaN', 'Infinity',
    ];
    for (const text of samples) {
      let valid = true;
      try { JSON.parse(text); } catch { valid = false; }
      expect(findJsonSyntaxError(text) === undefined, text).toBe(valid);
    }
  });
});
