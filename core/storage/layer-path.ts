import { maliciousLayer } from './storage-errors.js';

/**
 * The components of a tar member's path, checked before anything touches the
 * disk: relative, no "..", no empty name. GNU tar's "./" prefix is fine.
 * Returns [] for the archive's root entry ("./").
 */
export function entryParts(path: string, what = 'path'): string[] {
  if (path.startsWith('/')) throw maliciousLayer(path, `has an absolute ${what}`);
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw maliciousLayer(path, `has ".." in its ${what} (it could climb out of the layer)`);
  if (parts.some((p) => p.includes('\0'))) throw maliciousLayer(path, `has a NUL byte in its ${what}`);
  return parts;
}

export function under(base: string, parts: readonly string[]): string {
  return parts.length === 0 ? base : `${base}/${parts.join('/')}`;
}
