import type { TarEntry } from './tar/tar-entry.js';
import { readTar } from './tar/tar-reader.js';
import { writeTar } from './tar/tar-writer.js';

function rebase(path: string, from: string, to: string): string {
  if (path === from) return to;
  if (path.startsWith(`${from}/`)) return `${to}${path.slice(from.length)}`;
  return path;
}

/**
 * Renames the top of an archive (`motd` → `motd.bak`, `.` → `newdir`),
 * hardlink targets included: how `docker cp` copies to a new name — the
 * archive is rewritten, then extracted into the destination's parent.
 */
export function rebaseTar(tar: Uint8Array, from: string, to: string): Uint8Array {
  if (from === to) return tar;
  const out: TarEntry[] = [];
  for (const e of readTar(tar)) {
    const path = rebase(e.path === '' ? '.' : e.path, from, to);
    out.push(e.type === 'hardlink' ? { ...e, path, linkname: rebase(e.linkname ?? '', from, to) } : { ...e, path });
  }
  return writeTar(out);
}
