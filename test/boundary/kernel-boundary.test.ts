import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_ALLOWED, PORTABLE_ROOTS, forbiddenImports } from './import-rules.js';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  const abs = join(ROOT, dir);
  let entries: string[];
  try { entries = readdirSync(abs); } catch { return []; }
  return entries.flatMap((name) => {
    const p = join(abs, name);
    if (statSync(p).isDirectory()) return sources(relative(ROOT, p));
    return /\.(ts|svelte|js|mjs)$/.test(name) ? [relative(ROOT, p)] : [];
  });
}

describe('the Kernel boundary', () => {
  it('keeps Node built-ins and koffi out of every file outside core/kernel/linux and core/node', () => {
    const files = PORTABLE_ROOTS.flatMap(sources).filter((f) => !HOST_ALLOWED.some((a) => f.startsWith(a)));
    expect(files.length).toBeGreaterThan(10);
    const violations = files.flatMap((f) => forbiddenImports(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(violations.map((v) => `${v.file}:${v.line} imports ${v.module}`)).toEqual([]);
  });

  it('catches the ways a file could reach Node: import, import type-free, dynamic import, require, bare names', () => {
    const planted = [
      "import fs from 'node:fs';",
      "import { spawn } from 'child_process';",
      "export { readFile } from 'fs/promises';",
      "const k = await import('koffi');",
      "import 'node:os';",
      "const p = require('path');",
    ].join('\n');
    expect(forbiddenImports('core/engine/planted.ts', planted).map((v) => v.module)).toEqual([
      'node:fs', 'child_process', 'fs/promises', 'koffi', 'node:os', 'path',
    ]);
  });

  it('lets pure imports through', () => {
    const ok = "import { Kernel } from '../kernel/kernel.js';\nimport * as d3 from 'd3';\nimport { wrap } from 'comlink';";
    expect(forbiddenImports('core/engine/ok.ts', ok)).toEqual([]);
  });
});
