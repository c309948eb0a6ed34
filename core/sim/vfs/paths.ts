/** Path text helpers. No resolution here: that needs mounts and symlinks (resolve.ts). */

/** The components of a path, without empty ones (`/a//b/` → a, b). */
export function components(path: string): string[] {
  return path.split('/').filter((c) => c.length > 0);
}

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

export function hasTrailingSlash(path: string): boolean {
  return path.length > 1 && path.endsWith('/');
}

/** `/` + components: the form mountinfo and events use. */
export function joinAbsolute(parts: readonly string[]): string {
  return `/${parts.join('/')}`;
}

export function startsWithPath(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((c, i) => path[i] === c);
}

/**
 * Lexically normalises an absolute path (`/a/./b/../c` → `/a/c`). Only for
 * reporting and for comparing mount points, never for deciding access:
 * lexical `..` ignores symlinks.
 */
export function normalizeAbsolute(path: string): string {
  const out: string[] = [];
  for (const c of components(path)) {
    if (c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return joinAbsolute(out);
}
