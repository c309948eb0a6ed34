import { existsSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { pruneImages, removeImage } from '../../core/image/image-remove.js';
import { imageHistory, inspectImage, listImages } from '../../core/image/image-views.js';
import { describeRoot } from '../helpers/host.js';
import { e, tar } from '../storage/store-fixture.js';
import { addImage, imageFixture, LAYERS, linuxKernel, type ImageFixture } from './image-fixture.js';

describeRoot('the image store: ls, inspect, history, tag, rmi and prune (real kernel)', () => {
  let kernel: Kernel;
  let fx: ImageFixture;

  beforeAll(async () => { kernel = await linuxKernel(); });
  beforeEach(() => { fx = imageFixture(kernel); });
  afterEach(() => fx.remove());

  const rows = async (opts = {}) => (await listImages(fx.store, opts)).map((r) => `${r.repository}:${r.tag}`);

  it('lists one row per tag with id, created and size, newest first; inspect and history describe the image', async () => {
    const old = await addImage(kernel, fx.store, [LAYERS.base()], 'dbktest/app:1', '2024-01-01T00:00:00Z');
    const id = await addImage(kernel, fx.store, [LAYERS.base(), LAYERS.data()], 'dbktest/app:2', '2024-06-01T00:00:00Z');
    await fx.store.tag('dbktest/app:2', 'localhost:5000/dbktest/app');
    const list = await listImages(fx.store);
    expect(list.map((r) => [r.repository, r.tag, r.id])).toEqual([
      ['dbktest/app', '2', id], ['localhost:5000/dbktest/app', 'latest', id], ['dbktest/app', '1', old],
    ]);
    expect(list[0]).toMatchObject({ created: '2024-06-01T00:00:00Z', size: '#!/bin/tool v1'.length + 20 + 4 + 4 + 3 + 1 });

    const info = await inspectImage(fx.store, id.slice(7, 19));
    expect(info).toMatchObject({ Id: id, RepoTags: ['dbktest/app:2', 'localhost:5000/dbktest/app:latest'], Os: 'linux', Config: { Cmd: ['sh'] } });
    expect(info.RootFS.Layers).toHaveLength(2);
    expect(info.GraphDriver.Data.LowerDir.split(':')).toEqual(await fx.store.layerDirs(id));

    const history = await imageHistory(fx.store, 'dbktest/app:2');
    expect(history.map((h) => [h.createdBy, h.size, h.emptyLayer])).toEqual([
      ['/bin/sh -c #(nop)  CMD ["sh"]', 0, true],
      ['/bin/sh -c #(nop) ADD layer2 in /', 4 + 3 + 1, false],
      ['/bin/sh -c #(nop) ADD layer1 in /', '#!/bin/tool v1'.length + 20 + 4, false],
    ]);
    expect(history[0]!.id).toBe(id);
    expect(history[1]!.id).toBe('<missing>');
  });

  it('says "No such image" for an unknown name, normalised as Docker prints it', async () => {
    await expect(removeImage(fx.store, 'nothing')).rejects.toMatchObject({ code: 'E_IMAGE_NOT_FOUND', message: 'No such image: nothing:latest' });
    await expect(fx.store.tag('nothing', 'x')).rejects.toMatchObject({ code: 'E_IMAGE_NOT_FOUND' });
    await expect(fx.store.tag('NOPE', 'x')).rejects.toMatchObject({ code: 'E_IMAGE_NOT_FOUND' });
  });

  it('rmi of one name among several only untags it', async () => {
    const id = await addImage(kernel, fx.store, [LAYERS.base()], 'dbktest/a:1');
    await fx.store.tag('dbktest/a:1', 'dbktest/b');
    expect(await removeImage(fx.store, 'dbktest/b')).toEqual([{ untagged: 'dbktest/b:latest' }]);
    expect(await rows()).toEqual(['dbktest/a:1']);
    expect((await fx.store.resolve('dbktest/a:1')).id).toBe(id);
  });

  it('refuses rmi of an image a container uses; -f only untags it, leaving a dangling <none>:<none> image and its layers', async () => {
    const id = await addImage(kernel, fx.store, [LAYERS.base(), LAYERS.data()], 'dbktest/used');
    fx.containers.set('c0ffee000000aaaa', id);
    await expect(removeImage(fx.store, 'dbktest/used')).rejects.toMatchObject({
      code: 'E_IMAGE_IN_USE',
      message: `conflict: unable to remove repository reference "dbktest/used" (must force) - container c0ffee000000 is using its referenced image ${id.slice(7, 19)}`,
    });
    expect(await removeImage(fx.store, 'dbktest/used', { force: true })).toEqual([{ untagged: 'dbktest/used:latest' }]);
    expect(await rows()).toEqual(['<none>:<none>']);
    for (const d of await fx.store.layerDirs(id)) expect(existsSync(d)).toBe(true);

    // Still in use: prune leaves it. Once the container is gone, prune removes it and its layers.
    expect((await pruneImages(fx.store)).lines).toEqual([]);
    fx.containers.clear();
    const dirs = await fx.store.layerDirs(id);
    const pruned = await pruneImages(fx.store);
    expect(pruned.lines[0]).toEqual({ deleted: id });
    expect(pruned.spaceReclaimed).toBe(await sizeOf(LAYERS.base(), LAYERS.data()));
    expect(await rows()).toEqual([]);
    for (const d of dirs) expect(existsSync(d)).toBe(false);
  });

  it('keeps layers another image shares when one image is removed', async () => {
    const a = await addImage(kernel, fx.store, [LAYERS.base(), LAYERS.data()], 'dbktest/a');
    const b = await addImage(kernel, fx.store, [LAYERS.base(), tar(e.file('only-b', 'b'))], 'dbktest/b');
    const [sharedDir, aOnlyDir] = (await fx.store.layerDirs(a)).reverse();
    expect((await fx.store.layerDirs(b)).at(-1)).toBe(sharedDir);
    const lines = await removeImage(fx.store, 'dbktest/a');
    expect(lines.map((l) => ('untagged' in l ? `Untagged: ${l.untagged}` : `Deleted: ${l.deleted}`))).toEqual([
      'Untagged: dbktest/a:latest', `Deleted: ${a}`, `Deleted: ${(await chainTop(a, [LAYERS.base(), LAYERS.data()]))}`,
    ]);
    expect(existsSync(sharedDir!)).toBe(true);
    expect(existsSync(aOnlyDir!)).toBe(false);
    expect(await rows()).toEqual(['dbktest/b:latest']);
  });

  it('moving a tag to another image leaves the old one dangling; prune removes only dangling, prune -a every unused image', async () => {
    const first = await addImage(kernel, fx.store, [LAYERS.base()], 'dbktest/app', '2024-01-01T00:00:00Z');
    await addImage(kernel, fx.store, [LAYERS.base(), LAYERS.data()], 'dbktest/app', '2024-02-01T00:00:00Z');
    const used = await addImage(kernel, fx.store, [LAYERS.base(), LAYERS.tweak()], 'dbktest/used', '2024-03-01T00:00:00Z');
    fx.containers.set('c1', used);
    expect(await rows({ dangling: true })).toEqual(['<none>:<none>']);
    const pruned = await pruneImages(fx.store);
    expect(pruned.lines).toEqual([{ deleted: first }]);
    expect(pruned.spaceReclaimed).toBe(0); // its only layer is shared with the other two images
    expect(await rows()).toEqual(['dbktest/used:latest', 'dbktest/app:latest']);
    await pruneImages(fx.store, { all: true });
    expect(await rows()).toEqual(['dbktest/used:latest']);
  });

  it('by id, needs -f for an image with several names, and never deletes an image with child images', async () => {
    const id = await addImage(kernel, fx.store, [LAYERS.base()], 'dbktest/x');
    await fx.store.tag('dbktest/x', 'dbktest/y');
    await expect(removeImage(fx.store, id.slice(7, 19))).rejects.toMatchObject({ code: 'E_IMAGE_CONFLICT', message: expect.stringContaining('referenced in multiple repositories') });
    expect(await removeImage(fx.store, id, { force: true })).toHaveLength(4);
    expect(await rows()).toEqual([]);

    const parent = await addImage(kernel, fx.store, [LAYERS.base()], 'dbktest/parent');
    const parentConfig = await fx.store.config(parent);
    const extra = tar(e.file('child', 'c'));
    const child = await fx.store.addImage({
      config: { ...parentConfig, rootfs: { type: 'layers', diff_ids: [...parentConfig.rootfs.diff_ids, `sha256:${await kernel.sha256(extra)}`] } },
      layers: [...parentConfig.rootfs.diff_ids, extra], parent,
    });
    await expect(removeImage(fx.store, parent, { force: true })).rejects.toMatchObject({ message: expect.stringContaining('image has dependent child images') });
    expect(await removeImage(fx.store, 'dbktest/parent')).toEqual([{ untagged: 'dbktest/parent:latest' }]);
    expect((await listImages(fx.store)).map((r) => r.id)).toEqual([child]);
    expect((await listImages(fx.store, { all: true })).map((r) => r.id).sort()).toEqual([child, parent].sort());
    // Removing the child takes its now nameless parent with it, as Docker does.
    expect((await removeImage(fx.store, child)).filter((l) => 'deleted' in l && (l.deleted === child || l.deleted === parent))).toHaveLength(2);
    expect(await fx.store.ids()).toEqual([]);
  });

  async function sizeOf(...tars: Uint8Array[]): Promise<number> {
    const { listTar } = await import('../../core/storage/tar/tar-reader.js');
    return tars.flatMap((t) => listTar(t)).reduce((n, x) => n + (x.data?.length ?? 0), 0);
  }

  async function chainTop(id: string, _: Uint8Array[]): Promise<string> {
    void id;
    const { chainIds } = await import('../../core/storage/digest.js');
    const diffs = await Promise.all(_.map(async (t) => `sha256:${await kernel.sha256(t)}` as const));
    return (await chainIds((s) => kernel.sha256(s), diffs as `sha256:${string}`[])).at(-1)!;
  }
});
