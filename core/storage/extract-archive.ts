import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import { isMissing } from './atomic-file.js';
import type { DirScope } from './dir-scope.js';
import { readTar } from './tar/tar-reader.js';
import type { TarEntry } from './tar/tar-entry.js';

export interface ExtractOptions {
  /** Refuse to replace a directory with a non-directory or the reverse (what `docker cp` asks for). */
  readonly noOverwriteDirNonDir?: boolean;
  /** Owner for everything extracted; the tar's own owners when absent. */
  readonly chown?: { readonly uid: number; readonly gid: number };
}

function refused(message: string): DockbookError {
  return new DockbookError('E_INVALID_ARGUMENT', message, { hint: 'nothing after this entry was extracted' });
}

function entryParts(e: TarEntry, what: string, value: string): string[] {
  const parts = value.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw refused(`invalid ${what} "${value}" in the archive: it climbs out of the destination`);
  return parts;
}

/**
 * Extracts a tar (a `docker cp` upload, or a download on the client side)
 * into a directory of a scope. Every member's parents are resolved inside
 * the scope, so a symlink already there — or planted by an earlier member —
 * cannot lead a write outside it; whatever sits at a member's own name is
 * unlinked first, never written through. Hardlinks must name a path in the
 * same destination. Times are restored, directories last.
 */
export async function extractArchive(kernel: Kernel, tar: Uint8Array, scope: DirScope, destDir: string, opts: ExtractOptions = {}): Promise<void> {
  const dirTimes: [string, number][] = [];
  const base = destDir === '/' ? '' : destDir;
  for (const e of readTar(tar)) {
    const parts = entryParts(e, 'path', e.path);
    if (e.path.startsWith('/')) throw refused(`invalid path "${e.path}" in the archive: it is absolute`);
    const parentScope = parts.length > 1 ? await scope.resolve(`${base}/${parts.slice(0, -1).join('/')}`, true) : (parts.length === 1 ? destDir : null);
    if (parentScope === null) {
      // The archive's own "./": the destination itself, whose metadata a directory entry may set.
      if (e.type === 'dir') dirTimes.push([scope.hostPath(destDir), e.mtime]);
      continue;
    }
    const parentHost = scope.hostPath(parentScope);
    await kernel.mkdir(parentHost, { recursive: true, mode: 0o755 });
    const host = `${parentHost}/${parts[parts.length - 1]!}`;
    let existing: string | null = null;
    try { existing = (await kernel.lstat(host)).type; } catch (err) { if (!isMissing(err)) throw err; }
    const name = `${parentScope === '/' ? '' : parentScope}/${parts[parts.length - 1]!}`;
    if (existing === 'dir' && e.type !== 'dir') {
      if (opts.noOverwriteDirNonDir) throw refused(`cannot overwrite directory "${name}" with non-directory "${e.path}"`);
      await kernel.remove(host, { recursive: true });
    } else if (existing !== null && existing !== 'dir') {
      if (opts.noOverwriteDirNonDir && e.type === 'dir') throw refused(`cannot overwrite non-directory "${name}" with directory "${e.path}"`);
      await kernel.remove(host);
    }
    switch (e.type) {
      case 'dir': if (existing !== 'dir') await kernel.mkdir(host, { mode: 0o700 }); break;
      case 'file': await kernel.writeFile(host, e.data ?? new Uint8Array(0), { mode: 0o600 }); break;
      case 'symlink': await kernel.symlink(e.linkname ?? '', host); break;
      case 'char': case 'block': case 'fifo': await kernel.mknod(host, e.type, e.mode, e.devmajor ?? 0, e.devminor ?? 0); break;
      case 'hardlink': {
        const target = await scope.resolve(`${base}/${entryParts(e, 'hardlink', e.linkname ?? '').join('/')}`, false);
        await kernel.link(scope.hostPath(target), host);
        continue; // one inode: owner, mode and times are its first name's
      }
    }
    await kernel.chown(host, opts.chown?.uid ?? e.uid, opts.chown?.gid ?? e.gid);
    if (e.type !== 'symlink') await kernel.chmod(host, e.mode);
    if (e.type === 'dir') dirTimes.push([host, e.mtime]);
    else await kernel.utimes(host, e.mtime * 1000, e.mtime * 1000);
  }
  for (const [host, mtime] of dirTimes.reverse()) await kernel.utimes(host, mtime * 1000, mtime * 1000);
}
