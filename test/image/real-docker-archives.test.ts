import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { loadImages } from '../../core/image/image-load.js';
import { saveImages } from '../../core/image/image-save.js';
import { imageHistory } from '../../core/image/image-views.js';
import { startDockerd, HAVE_DOCKERD, type ThrowawayDockerd } from '../helpers/dockerd.js';
import { describeRoot } from '../helpers/host.js';
import { addImage, imageFixture, LAYERS, linuxKernel, type ImageFixture } from './image-fixture.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/docker-save/tiny-two.tar');
const TINY_ID = 'sha256:3e73a08e1fb3b017a09c64a349632710c6aecad48b3250112aa0e542e85326b7';
const at = (iso: string): number => Date.parse(iso);

describeRoot('archives written by real Docker load here (real kernel)', () => {
  let kernel: Kernel;
  let fx: ImageFixture;

  beforeAll(async () => { kernel = await linuxKernel(); });
  beforeEach(() => { fx = imageFixture(kernel); });
  afterEach(() => fx.remove());

  it('gives the same image id, tags, config and history as the dockerd that saved it', async () => {
    const loaded = await loadImages(fx.store, readFileSync(FIXTURE));
    expect(loaded).toEqual([{ id: TINY_ID, references: ['dbktest/tiny:two', 'dbktest/tiny:latest'] }]);
    const config = await fx.store.config(TINY_ID as never);
    expect(config.config).toMatchObject({ Env: ['GREETING=hi'], WorkingDir: '/etc', Cmd: ['/bin/sh'] });
    expect((await imageHistory(fx.store, 'dbktest/tiny:latest')).map((r) => [r.comment, r.createdBy])).toEqual([['add note', '/bin/sh'], ['tiny base', '']]);
  });

  it('has the files Docker put in its layers: a real hardlink, the symlink, and their times', async () => {
    await loadImages(fx.store, readFileSync(FIXTURE));
    const [top, base] = await fx.store.layerDirs(TINY_ID as never);
    const motd = await kernel.lstat(`${base}/etc/motd`);
    expect((await kernel.lstat(`${base}/etc/motd.hard`)).ino).toBe(motd.ino);
    expect(await kernel.readlink(`${base}/etc/motd.link`)).toBe('motd');
    expect(new TextDecoder().decode(await kernel.readFile(`${base}/etc/motd`))).toBe('hello from docker\n');
    expect(motd.mtimeMs).toBe(at('2020-01-02T03:04:05Z'));
    expect((await kernel.lstat(`${base}/etc`)).mtimeMs).toBe(at('2020-02-03T04:05:06Z'));
    expect((await kernel.lstat(`${top}/etc/note.txt`)).mtimeMs).toBe(at('2021-03-04T05:06:07Z'));
  });
});

describe.skipIf(!HAVE_DOCKERD)('images saved here load into a real dockerd, and back (throwaway daemon)', () => {
  let kernel: Kernel;
  let fx: ImageFixture;
  let dockerd: ThrowawayDockerd;

  beforeAll(async () => {
    kernel = await linuxKernel();
    dockerd = await startDockerd();
  }, 60_000);
  afterAll(async () => { await dockerd?.stop(); }, 30_000);
  beforeEach(() => { fx = imageFixture(kernel); });
  afterEach(() => fx.remove());

  it('keeps the image id, tags and history through `docker load`, and dockerd\'s `docker save` loads back with the same id', async () => {
    const id = await addImage(kernel, fx.store, [LAYERS.base(), LAYERS.data(), LAYERS.tweak()], 'dbktest/three:v1');
    await loadImages(fx.store, readFileSync(FIXTURE));
    const out = dockerd.docker(['load'], await saveImages(fx.store, ['dbktest/three:v1', 'dbktest/tiny:two'], 'docker')).toString();
    expect(out).toContain('Loaded image: dbktest/three:v1');
    expect(dockerd.docker(['image', 'inspect', '--format', '{{.Id}} {{.RepoTags}}', 'dbktest/three:v1']).toString().trim()).toBe(`${id} [dbktest/three:v1]`);
    expect(dockerd.docker(['image', 'inspect', '--format', '{{.Id}}', 'dbktest/tiny:two']).toString().trim()).toBe(TINY_ID);
    const history = dockerd.docker(['history', '--no-trunc', '--format', '{{.CreatedBy}}', 'dbktest/three:v1']).toString().trim().split('\n');
    expect(history).toEqual((await imageHistory(fx.store, 'dbktest/three:v1')).map((r) => r.createdBy));

    const back = imageFixture(kernel);
    try {
      const loaded = await loadImages(back.store, dockerd.docker(['save', 'dbktest/three:v1']));
      expect(loaded).toEqual([{ id, references: ['dbktest/three:v1'] }]);
    } finally {
      back.remove();
    }
  }, 60_000);
});
