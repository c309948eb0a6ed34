import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import { isMissing } from '../storage/atomic-file.js';
import { readTar } from '../storage/tar/tar-reader.js';

/** Files of an image archive, by path inside it: a `docker save` tar, an OCI layout tar, or an OCI layout directory. */
export interface ArchiveFiles {
  read(path: string): Promise<Uint8Array | null>;
}

function badArchive(message: string): DockbookError {
  return new DockbookError('E_BAD_ARCHIVE', message, { hint: 'expected a `docker save` tar or an OCI image layout (oci-layout, index.json, blobs/)' });
}

/** Paths inside an archive come from its own JSON, so they are checked like tar members: relative, no "..". */
export function archivePath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (path.startsWith('/') || parts.includes('..') || parts.length === 0) throw badArchive(`archive refers to "${path}", outside itself`);
  return parts.join('/');
}

export function filesFromTar(archive: Uint8Array): ArchiveFiles {
  const files = new Map<string, Uint8Array>();
  for (const e of readTar(archive)) if (e.type === 'file') files.set(archivePath(e.path), e.data ?? new Uint8Array(0));
  return { read: async (path) => files.get(archivePath(path)) ?? null };
}

/** Reads only regular files reached through real directories: a symlink in the layout cannot lead the load elsewhere. */
export function filesFromDir(kernel: Kernel, dir: string): ArchiveFiles {
  return {
    read: async (path) => {
      const parts = archivePath(path).split('/');
      let cur = dir;
      for (const [i, part] of parts.entries()) {
        cur = `${cur}/${part}`;
        let type: string;
        try {
          type = (await kernel.lstat(cur)).type;
        } catch (e) {
          if (isMissing(e)) return null;
          throw e;
        }
        const want = i === parts.length - 1 ? 'file' : 'dir';
        if (type !== want) throw badArchive(`"${path}" in ${dir} is a ${type}, not a ${want}`);
      }
      return kernel.readFile(cur);
    },
  };
}

export async function readJsonFile<T>(files: ArchiveFiles, path: string): Promise<T | null> {
  const bytes = await files.read(path);
  if (bytes === null) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (e) {
    throw new DockbookError('E_BAD_ARCHIVE', `${path} is not valid JSON`, { cause: e, hint: 'the archive is corrupt' });
  }
}
