import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { SimKernel } from '../../core/sim/index.js';
import { BlobStore } from '../../core/storage/blob-store.js';
import { CopyDriver } from '../../core/storage/copy-driver.js';
import { tarFromUpperDir } from '../../core/storage/layer-from-dir.js';
import { LayerStore } from '../../core/storage/layer-store.js';
import { listTar } from '../../core/storage/tar/tar-reader.js';
import { describeRoot, uniqueName } from '../helpers/host.js';
import { e, linuxKernel, tar } from './store-fixture.js';

const DIR_T = 1_600_000_000;
const FILE_T = 1_500_000_000;
const LINK_T = 1_400_000_000;

const layer = (): Uint8Array => tar(
  { ...e.dir('d'), mtime: DIR_T },
  { ...e.file('d/a', 'shared bytes'), mtime: FILE_T },
  e.hardlink('d/b', 'd/a'),
  { ...e.symlink('d/l', 'a'), mtime: LINK_T },
);

function scenarios(name: string, makeKernel: () => Promise<Kernel>, rootBase: () => string): void {
  describe(`hardlinks and times in layers (${name})`, () => {
    async function withStore(body: (k: Kernel, layers: LayerStore, root: string) => Promise<void>): Promise<void> {
      const kernel = await makeKernel();
      const root = `${rootBase()}/${uniqueName('links')}`;
      await kernel.mkdir(root, { recursive: true });
      try {
        await body(kernel, new LayerStore(kernel, root, new BlobStore(kernel, root)), root);
      } finally {
        await kernel.remove(root, { recursive: true, force: true });
      }
    }

    it('unpacks a hardlink member as a second name of the same inode', () => withStore(async (kernel, layers) => {
      const dir = layers.diffDir((await layers.register(layer(), null)).chainId);
      const [a, b] = [await kernel.lstat(`${dir}/d/a`), await kernel.lstat(`${dir}/d/b`)];
      expect(b.ino).toBe(a.ino);
      expect(a.nlink).toBe(2);
      expect(new TextDecoder().decode(await kernel.readFile(`${dir}/d/b`))).toBe('shared bytes');
    }));

    it('restores the mtimes the tar recorded, directories after their contents and symlinks themselves', () => withStore(async (kernel, layers) => {
      const dir = layers.diffDir((await layers.register(layer(), null)).chainId);
      expect((await kernel.lstat(`${dir}/d/a`)).mtimeMs).toBe(FILE_T * 1000);
      expect((await kernel.lstat(`${dir}/d`)).mtimeMs).toBe(DIR_T * 1000);
      expect((await kernel.lstat(`${dir}/d/l`)).mtimeMs).toBe(LINK_T * 1000);
    }));

    it('packs a directory back with one file member, a hardlink member for the second name, and the times', () => withStore(async (kernel, layers) => {
      const dir = layers.diffDir((await layers.register(layer(), null)).chainId);
      const entries = listTar(await tarFromUpperDir(kernel, dir));
      expect(entries.map((x) => [x.path, x.type, x.linkname ?? '', x.mtime])).toEqual([
        ['d', 'dir', '', DIR_T], ['d/a', 'file', '', FILE_T], ['d/b', 'hardlink', 'd/a', FILE_T], ['d/l', 'symlink', 'a', LINK_T],
      ]);
    }));

    it('keeps names of one inode linked, and times, in a copy-driver container', () => withStore(async (kernel, layers, root) => {
      const record = await layers.register(layer(), null);
      const driver = new CopyDriver(kernel, root);
      const id = uniqueName('copy');
      await driver.create(id, [layers.diffDir(record.chainId)]);
      const rootfs = await driver.mount(id);
      expect((await kernel.lstat(`${rootfs}/d/b`)).ino).toBe((await kernel.lstat(`${rootfs}/d/a`)).ino);
      expect((await kernel.lstat(`${rootfs}/d`)).mtimeMs).toBe(DIR_T * 1000);
      expect((await kernel.lstat(`${rootfs}/d/a`)).mtimeMs).toBe(FILE_T * 1000);
    }));
  });
}

scenarios('simulated kernel', async () => new SimKernel({ seed: 7 }), () => '/tmp');

describeRoot('on the real kernel', () => {
  scenarios('real kernel', linuxKernel, () => '/tmp');
});
