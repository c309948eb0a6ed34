import { major, minor } from '../kernel/device-numbers.js';
import type { Kernel } from '../kernel/kernel.js';
import type { TarEntry } from './tar/tar-entry.js';
import { writeTar } from './tar/tar-writer.js';
import { walkTree } from './walk-tree.js';
import type { FileStat } from '../kernel/types.js';

function entryOf(name: string, st: FileStat): Omit<TarEntry, 'type'> {
  return { path: name, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: Math.floor(st.mtimeMs / 1000) };
}

/**
 * A tar of one file or directory tree, its top entry named `name` (its own
 * base name, a new name, or "." for a directory's contents — `SRC/.`), as
 * `docker cp` and `docker export` send it: owners, modes and times as they
 * are, a second name of an inode as a hardlink member, symlinks never
 * followed, sockets left out. An empty `name` gives the contents alone with
 * no top entry, as `docker export` writes a root filesystem (`bin/`, `etc/`…).
 */
export async function tarOfPath(kernel: Kernel, hostPath: string, name: string): Promise<Uint8Array> {
  const entries: TarEntry[] = [];
  const seen = new Map<string, string>();
  const add = async (rel: string, path: string, st: FileStat): Promise<void> => {
    const common = entryOf(rel, st);
    if (st.type === 'file' && st.nlink > 1) {
      const key = `${st.dev}:${st.ino}`;
      const first = seen.get(key);
      if (first !== undefined) { entries.push({ ...common, type: 'hardlink', linkname: first }); return; }
      seen.set(key, rel);
    }
    switch (st.type) {
      case 'dir': entries.push({ ...common, type: 'dir' }); break;
      case 'file': entries.push({ ...common, type: 'file', data: await kernel.readFile(path) }); break;
      case 'symlink': entries.push({ ...common, type: 'symlink', linkname: await kernel.readlink(path) }); break;
      case 'char': case 'block': entries.push({ ...common, type: st.type, devmajor: major(st.rdev), devminor: minor(st.rdev) }); break;
      case 'fifo': entries.push({ ...common, type: 'fifo' }); break;
      case 'socket': break;
    }
  };
  const top = await kernel.lstat(hostPath);
  if (name !== '') await add(name, hostPath, top);
  if (top.type === 'dir') {
    for await (const n of walkTree(kernel, hostPath)) await add(name === '' ? n.rel : `${name}/${n.rel}`, n.path, n.st);
  }
  return writeTar(entries);
}
