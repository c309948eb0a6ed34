import { existsSync, lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { describeRoot } from '../helpers/host.js';
import { e, linuxKernel, storeFixture, tar, type StoreFixture } from './store-fixture.js';

describeRoot('unpacking layers into the layer store (real kernel)', () => {
  let kernel: Kernel;
  let fx: StoreFixture;

  beforeAll(async () => { kernel = await linuxKernel(); });
  beforeEach(() => { fx = storeFixture(kernel); });
  afterEach(() => fx.remove());

  it('turns .wh. entries into overlay whiteouts and .wh..wh..opq into the opaque xattr', async () => {
    const base = await fx.layers.register(tar(e.dir('etc'), e.file('etc/a', 'a'), e.dir('var'), e.file('var/b')), null);
    const top = await fx.layers.register(tar(e.dir('etc'), e.file('etc/.wh.a'), e.dir('var'), e.file('var/.wh..wh..opq'), e.file('var/c')), base.chainId);
    const dir = fx.layers.diffDir(top.chainId);
    const wh = lstatSync(join(dir, 'etc/a'));
    expect(wh.isCharacterDevice() && wh.rdev).toBe(0);
    expect(existsSync(join(dir, 'etc/.wh.a'))).toBe(false);
    expect(new TextDecoder().decode((await kernel.getxattr(join(dir, 'var'), 'trusted.overlay.opaque'))!)).toBe('y');
    expect(existsSync(join(dir, 'var/.wh..wh..opq'))).toBe(false);
  });

  it('keeps setuid bits, ownership and device nodes as root Docker does, and materialises hardlinks', async () => {
    const l = await fx.layers.register(tar(
      e.dir('bin'), { ...e.file('bin/su', '#!su', 0o4755), uid: 0, gid: 0 }, { ...e.file('home-file', 'u', 0o640), uid: 1000, gid: 1000 },
      e.dir('dev'), e.char('dev/null', 1, 3), e.hardlink('bin/su2', 'bin/su'), e.symlink('bin/sh', 'busybox'),
    ), null);
    const dir = fx.layers.diffDir(l.chainId);
    expect(statSync(join(dir, 'bin/su')).mode & 0o7777).toBe(0o4755);
    expect(statSync(join(dir, 'home-file'))).toMatchObject({ uid: 1000, gid: 1000 });
    const dev = lstatSync(join(dir, 'dev/null'));
    expect(dev.isCharacterDevice() && [dev.rdev >> 8, dev.rdev & 0xff]).toEqual([1, 3]);
    expect(readFileSync(join(dir, 'bin/su2'), 'utf8')).toBe('#!su');
    expect(statSync(join(dir, 'bin/su2')).mode & 0o7777).toBe(0o4755);
    expect(readlinkSync(join(dir, 'bin/sh'))).toBe('busybox');
    expect(l.size).toBe(4 + 1 + 'busybox'.length); // file bytes once per inode, plus the symlink's target, as Docker counts
  });

  it('unpacks a layer once and shares it between stacks with the same chain', async () => {
    const layer = tar(e.file('f', 'shared'));
    const a = await fx.layers.register(layer, null);
    const marker = join(fx.layers.diffDir(a.chainId), 'f');
    const inoBefore = statSync(marker).ino;
    const b = await fx.layers.register(layer, null);
    expect(b).toEqual(a);
    expect(statSync(marker).ino).toBe(inoBefore);
    expect(await fx.blobs.verify(a.diffId)).toBe(true);
  });
});
