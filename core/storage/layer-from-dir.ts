import { major, minor } from '../kernel/device-numbers.js';
import type { Kernel } from '../kernel/kernel.js';
import type { TarEntry } from './tar/tar-entry.js';
import { writeTar } from './tar/tar-writer.js';
import { walkTree } from './walk-tree.js';
import { isOpaqueValue, isOverlayWhiteout, OPAQUE_MARKER, OPAQUE_XATTR, WHITEOUT_PREFIX } from './whiteouts.js';

function parentAndBase(rel: string): [string, string] {
  const slash = rel.lastIndexOf('/');
  return slash < 0 ? ['', rel] : [rel.slice(0, slash), rel.slice(slash + 1)];
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/**
 * Packs an overlay upper directory as a layer tar, translating overlay's
 * on-disk markers back to the tar form every engine understands: a whiteout
 * device becomes an empty `.wh.<name>`, an opaque directory gets a
 * `.wh..wh..opq` member. Files sharing an inode become one file plus
 * hardlink members. Sockets cannot be archived and are left out (as Docker does).
 *
 * The directory must hold still while this runs: Docker pauses a container
 * for commit, and so must the caller (a file swapped for a symlink between
 * lstat and read would otherwise be followed).
 */
export async function tarFromUpperDir(kernel: Kernel, upper: string): Promise<Uint8Array> {
  const entries: TarEntry[] = [];
  const seenInodes = new Map<number, string>();
  for await (const { rel, path, st } of walkTree(kernel, upper)) {
    const common = { mode: st.mode, uid: st.uid, gid: st.gid, mtime: Math.floor(st.mtimeMs / 1000) };
    if (isOverlayWhiteout(st)) {
      const [dir, base] = parentAndBase(rel);
      entries.push({ ...common, path: join(dir, `${WHITEOUT_PREFIX}${base}`), type: 'file', data: new Uint8Array(0) });
      continue;
    }
    switch (st.type) {
      case 'dir':
        entries.push({ ...common, path: rel, type: 'dir' });
        if (isOpaqueValue(await kernel.getxattr(path, OPAQUE_XATTR))) {
          entries.push({ ...common, path: join(rel, OPAQUE_MARKER), type: 'file', mode: 0, data: new Uint8Array(0) });
        }
        break;
      case 'file': {
        const first = st.nlink > 1 ? seenInodes.get(st.ino) : undefined;
        if (first !== undefined) {
          entries.push({ ...common, path: rel, type: 'hardlink', linkname: first });
          break;
        }
        if (st.nlink > 1) seenInodes.set(st.ino, rel);
        entries.push({ ...common, path: rel, type: 'file', data: await kernel.readFile(path) });
        break;
      }
      case 'symlink':
        entries.push({ ...common, path: rel, type: 'symlink', linkname: await kernel.readlink(path) });
        break;
      case 'char':
      case 'block':
        entries.push({ ...common, path: rel, type: st.type, devmajor: major(st.rdev), devminor: minor(st.rdev) });
        break;
      case 'fifo':
        entries.push({ ...common, path: rel, type: 'fifo' });
        break;
      case 'socket':
        break;
    }
  }
  return writeTar(entries);
}
