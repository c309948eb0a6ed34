import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { commitContainer } from '../../core/image/commit.js';
import type { Digest } from '../../core/storage/digest.js';
import { CopyDriver } from '../../core/storage/copy-driver.js';
import { formatChanges } from '../../core/storage/graph-driver.js';
import { listTar } from '../../core/storage/tar/tar-reader.js';
import { describeRoot, uniqueName } from '../helpers/host.js';
import { addImage, imageFixture, LAYERS, linuxKernel, type ImageFixture } from '../image/image-fixture.js';

describeRoot('the copy-based fallback driver (real kernel, no overlay)', () => {
  let kernel: Kernel;
  let fx: ImageFixture;
  let driver: CopyDriver;
  let image: Digest;
  const c1 = uniqueName('copy1');
  const c2 = uniqueName('copy2');

  beforeAll(async () => { kernel = await linuxKernel(); });
  beforeEach(async () => {
    fx = imageFixture(kernel);
    driver = new CopyDriver(kernel, fx.root);
    image = await addImage(kernel, fx.store, [LAYERS.base(), LAYERS.data(), LAYERS.tweak()], 'dbktest/three');
  });
  afterEach(() => fx.remove());

  it('gives each container its own full copy of the merged layers, and diffs and commits it like overlay', async () => {
    await driver.create(c1, await fx.store.layerDirs(image));
    await driver.create(c2, await fx.store.layerDirs(image));
    const r1 = await driver.mount(c1);
    const r2 = await driver.mount(c2);
    expect(readFileSync(join(r1, 'etc/os'), 'utf8')).toBe('tweaked');
    expect(await driver.changes(c1)).toEqual([]);

    writeFileSync(join(r1, 'etc/hosts'), 'changed');
    rmSync(join(r1, 'data/old'));
    rmSync(join(r1, 'data/sub'), { recursive: true });
    mkdirSync(join(r1, 'fresh'));
    writeFileSync(join(r1, 'fresh/f'), 'f');
    expect(readFileSync(join(r2, 'etc/hosts'), 'utf8')).toBe('127.0.0.1 localhost\n');
    expect(formatChanges(await driver.changes(c1))).toBe(['C /data', 'D /data/old', 'D /data/sub', 'C /etc/hosts', 'A /fresh', 'A /fresh/f'].join('\n'));
    expect(await driver.size(c1)).toBe('changed'.length + 1);

    const committed = await commitContainer(fx.store, driver, c1, image, { createdBy: 'copy' });
    const top = (await fx.store.chain(committed)).at(-1)!;
    expect(listTar(await fx.store.layers.tar(top)).map((m) => m.path)).toEqual(['data', 'data/.wh.old', 'data/.wh.sub', 'etc/hosts', 'fresh', 'fresh/f']);
    await driver.remove(c1);
    expect(existsSync(r1)).toBe(false);
  });
});
