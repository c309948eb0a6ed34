import { existsSync, lstatSync, readFileSync, rmSync, mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { commitContainer, containerSize } from '../../core/image/commit.js';
import { imageHistory } from '../../core/image/image-views.js';
import type { Digest } from '../../core/storage/digest.js';
import { formatChanges } from '../../core/storage/graph-driver.js';
import { OverlayDriver } from '../../core/storage/overlay-driver.js';
import { listTar } from '../../core/storage/tar/tar-reader.js';
import { describeRoot, uniqueName } from '../helpers/host.js';
import { addImage, imageFixture, LAYERS, linuxKernel, overlayMountsUnder, type ImageFixture } from '../image/image-fixture.js';

describeRoot('containers on overlayfs over a 3-layer image (real kernel)', () => {
  let kernel: Kernel;
  let fx: ImageFixture;
  let driver: OverlayDriver;
  let image: Digest;
  let c1: string;
  let c2: string;

  beforeAll(async () => { kernel = await linuxKernel(); });
  beforeEach(async () => {
    fx = imageFixture(kernel);
    driver = new OverlayDriver(kernel, fx.root);
    image = await addImage(kernel, fx.store, [LAYERS.base(), LAYERS.data(), LAYERS.tweak()], 'dbktest/three:1');
    c1 = uniqueName('c1');
    c2 = uniqueName('c2');
  });
  afterEach(async () => {
    for (const c of [c1, c2]) await driver.remove(c).catch(() => {});
    const left = overlayMountsUnder(fx.root);
    fx.remove();
    expect(left).toEqual([]);
  });

  async function start(id: string): Promise<string> {
    await driver.create(id, await fx.store.layerDirs(image));
    return driver.mount(id);
  }

  it('shows the merged layers: the top layer wins, and its whiteout hides nothing that was not there', async () => {
    const merged = await start(c1);
    expect(readFileSync(join(merged, 'etc/os'), 'utf8')).toBe('tweaked');
    expect(readFileSync(join(merged, 'data/keep'), 'utf8')).toBe('keep');
    expect(readFileSync(join(merged, 'bin/tool'), 'utf8')).toBe('#!/bin/tool v1');
    expect(existsSync(join(merged, 'etc/hosts-old'))).toBe(false);
    expect(overlayMountsUnder(fx.root)).toHaveLength(1);
  });

  it('copies a lower file up on write: the upper dir has it, the layer is unchanged, a second container still sees the original', async () => {
    const m1 = await start(c1);
    const m2 = await start(c2);
    appendFileSync(join(m1, 'etc/hosts'), '10.0.0.1 db\n');
    const [baseChain] = await fx.store.chain(image);
    expect(readFileSync(join(driver.upperDir(c1), 'etc/hosts'), 'utf8')).toBe('127.0.0.1 localhost\n10.0.0.1 db\n');
    expect(readFileSync(join(fx.store.layers.diffDir(baseChain!), 'etc/hosts'), 'utf8')).toBe('127.0.0.1 localhost\n');
    expect(readFileSync(join(m2, 'etc/hosts'), 'utf8')).toBe('127.0.0.1 localhost\n');
    expect(existsSync(join(driver.upperDir(c2), 'etc/hosts'))).toBe(false);
  });

  it('records a delete as a whiteout device in the upper dir, and lists changes as docker diff does', async () => {
    const m = await start(c1);
    rmSync(join(m, 'data/old'));
    writeFileSync(join(m, 'data/new'), 'new');
    appendFileSync(join(m, 'etc/hosts'), '# edited\n');
    rmSync(join(m, 'data/sub'), { recursive: true });
    mkdirSync(join(m, 'data/sub'));
    writeFileSync(join(m, 'data/sub/y'), 'y');
    mkdirSync(join(m, 'fresh'));
    const wh = lstatSync(join(driver.upperDir(c1), 'data/old'));
    expect(wh.isCharacterDevice() && wh.rdev).toBe(0);
    // /etc was only copied up for /etc/hosts (same mode, size and mtime as below), so, as in Docker, it is no line of its own;
    // /data lost and gained entries, so it is C; /data/sub was removed and recreated (opaque), so it is D, then its new content A.
    expect(formatChanges(await driver.changes(c1))).toBe([
      'C /data', 'A /data/new', 'D /data/old', 'D /data/sub', 'A /data/sub/y', 'C /etc/hosts', 'A /fresh',
    ].join('\n'));
  });

  it('commits the writable layer as a new image: one more history row, a layer holding exactly the changes', async () => {
    const m = await start(c1);
    rmSync(join(m, 'data/old'));
    writeFileSync(join(m, 'data/new'), 'new');
    writeFileSync(join(m, 'etc/os'), 'committed');
    rmSync(join(m, 'data/sub'), { recursive: true });
    mkdirSync(join(m, 'data/sub'));
    const size = await containerSize(fx.store, driver, c1, image);
    expect(size.size).toBe('new'.length + 'committed'.length);
    expect(size.virtualSize).toBe(size.size + (await fx.store.size(image)));

    const committed = await commitContainer(fx.store, driver, c1, image, { reference: 'dbktest/three:committed', createdBy: 'sh -c edit', comment: 'by test' });
    const before = await imageHistory(fx.store, image);
    const after = await imageHistory(fx.store, 'dbktest/three:committed');
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({ id: committed, createdBy: 'sh -c edit', comment: 'by test', size: 'new'.length + 'committed'.length });
    expect(after.slice(1).map((r) => r.createdBy)).toEqual(before.map((r) => r.createdBy));
    expect(after[1]!.id).toBe(image);

    const chain = await fx.store.chain(committed);
    expect(chain.slice(0, 3)).toEqual(await fx.store.chain(image));
    const layer = listTar(await fx.store.layers.tar(chain[3]!));
    expect(layer.filter((x) => x.type !== 'dir').map((x) => x.path).sort()).toEqual(['data/.wh.old', 'data/new', 'data/sub/.wh..wh..opq', 'etc/os']);

    // The new image runs as the changed container looked.
    await driver.remove(c1);
    await driver.create(c2, await fx.store.layerDirs(committed));
    const m2 = await driver.mount(c2);
    expect(readFileSync(join(m2, 'etc/os'), 'utf8')).toBe('committed');
    expect(existsSync(join(m2, 'data/old'))).toBe(false);
    expect(existsSync(join(m2, 'data/sub/x'))).toBe(false);
    expect(readFileSync(join(m2, 'data/keep'), 'utf8')).toBe('keep');
  });
});
