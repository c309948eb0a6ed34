import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isStaticElf } from '../../core/doctor/elf.js';

describe('isStaticElf', () => {
  it('finds the interpreter of a dynamically linked program', () => {
    expect(isStaticElf(readFileSync('/bin/sh'))).toBe(false);
  });

  it.skipIf(!existsSync('/bin/busybox'))('sees that busybox-static has no interpreter', () => {
    expect(isStaticElf(readFileSync('/bin/busybox'))).toBe(true);
  });

  it('rejects what is not ELF', () => {
    expect(() => isStaticElf(new TextEncoder().encode('#!/bin/sh\necho hi\n'.repeat(8)))).toThrow('not an ELF file');
  });
});
