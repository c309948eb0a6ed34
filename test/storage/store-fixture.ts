import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kernel } from '../../core/kernel/kernel.js';
import { BlobStore } from '../../core/storage/blob-store.js';
import { LayerStore } from '../../core/storage/layer-store.js';
import type { TarEntry } from '../../core/storage/tar/tar-entry.js';
import { writeTar } from '../../core/storage/tar/tar-writer.js';

const enc = new TextEncoder();
const T = 1_700_000_000;

/** Tar members with the boring fields filled in. */
export const e = {
  dir: (path: string, mode = 0o755): TarEntry => ({ path, type: 'dir', mode, uid: 0, gid: 0, mtime: T }),
  file: (path: string, text = '', mode = 0o644): TarEntry => ({ path, type: 'file', mode, uid: 0, gid: 0, mtime: T, data: enc.encode(text) }),
  symlink: (path: string, linkname: string): TarEntry => ({ path, type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: T, linkname }),
  hardlink: (path: string, linkname: string): TarEntry => ({ path, type: 'hardlink', mode: 0o644, uid: 0, gid: 0, mtime: T, linkname }),
  char: (path: string, major: number, minor: number): TarEntry => ({ path, type: 'char', mode: 0o666, uid: 0, gid: 0, mtime: T, devmajor: major, devminor: minor }),
};

export function tar(...entries: TarEntry[]): Uint8Array {
  return writeTar(entries);
}

export interface StoreFixture {
  readonly root: string;
  readonly blobs: BlobStore;
  readonly layers: LayerStore;
  remove(): void;
}

/** A throwaway engine root (`dbktest-*`) with a blob and a layer store in it. */
export function storeFixture(kernel: Kernel): StoreFixture {
  const root = mkdtempSync(join(tmpdir(), 'dbktest-store-'));
  const blobs = new BlobStore(kernel, root);
  return { root, blobs, layers: new LayerStore(kernel, root, blobs), remove: () => rmSync(root, { recursive: true, force: true }) };
}

export async function linuxKernel(): Promise<Kernel> {
  const { LinuxKernel } = await import('../../core/kernel/linux/linux-kernel.js');
  return new LinuxKernel();
}
