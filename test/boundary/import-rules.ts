import { builtinModules } from 'node:module';

/** Folders whose code may touch the host directly: the Linux binding and the Node entry points. */
export const HOST_ALLOWED = ['core/kernel/linux/', 'core/node/'];

/** Folders whose code must run in a browser worker as well as in Node. */
export const PORTABLE_ROOTS = ['core', 'labs', 'web/src'];

const FORBIDDEN = new Set([...builtinModules, 'koffi']);

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(=])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;(=])import\s+['"]([^'"]+)['"]|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly module: string;
}

function isForbidden(spec: string): boolean {
  if (spec.startsWith('node:')) return true;
  const base = spec.split('/')[0]!;
  return FORBIDDEN.has(spec) || FORBIDDEN.has(base);
}

/** Every import of a Node built-in or koffi in one file's source text. */
export function forbiddenImports(file: string, source: string): Violation[] {
  const out: Violation[] = [];
  for (const m of source.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (spec && isForbidden(spec)) {
      out.push({ file, line: source.slice(0, m.index).split('\n').length, module: spec });
    }
  }
  return out;
}
