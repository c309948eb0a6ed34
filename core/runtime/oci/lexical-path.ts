/**
 * POSIX path arithmetic on strings, with no file system access (the engine
 * has no node:path, and must not: it also runs in a browser worker).
 */

/**
 * The shortest path naming the same place by lexical rules alone: repeated
 * slashes collapse, "." goes, "x/.." cancels, ".." at the root stays at the
 * root, and a relative path keeps the ".." it cannot cancel. "" becomes ".".
 * Symlinks are not consulted, so this is only the truth when none are involved.
 */
export function cleanPath(path: string): string {
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const body = out.join('/');
  if (rooted) return `/${body}`;
  return body === '' ? '.' : body;
}

export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/');
}

/** Joins already-clean components under a clean base: ("/r", ["a","b"]) → "/r/a/b". */
export function joinUnder(base: string, parts: readonly string[]): string {
  if (parts.length === 0) return base;
  return base === '/' ? `/${parts.join('/')}` : `${base}/${parts.join('/')}`;
}
