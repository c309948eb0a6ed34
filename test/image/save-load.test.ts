import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { filesFromDir } from '../../core/image/archive-files.js';
import { buildBaseImage, busyboxLayer } from '../../core/image/base-image.js';
import { loadImages } from '../../core/image/image-load.js';
import { saveImages } from '../../core/image/image-save.js';
import { listImages } from '../../core/image/image-views.js';
import { OverlayDriver } from '../../core/storage/overlay-driver.js';
import { listTar } from '../../core/storage/tar/tar-reader.js';
import { writeTar } from '../../core/storage/tar/tar-writer.js';
import { describeRoot, uniqueName } from '../helpers/host.js';
import { addImage, imageFixture, LAYERS, linuxKernel, overlayMountsUnder, type ImageFixture } from './image-fixture.js';

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
const ARCH = process.arch === 'x64' ? 'amd64' : process.arch === 'arm64' ? 'arm64' : process.arch;
const json = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));

describeRoot('save and load: docker save tars and OCI image layouts (real kernel)', () => {
  let kernel: Kernel;
  let src: ImageFixture;
  let dst: ImageFixture;
  let scratch: string;
  let driver: OverlayDriver | undefined;
  const container = uniqueName('loaded');

  beforeAll(async () => { kernel = await linuxKernel(); });
  beforeEach(() => {
    src = imageFixture(kernel);
    dst = imageFixture(kernel);
    scratch = mkdtempSync(join(tmpdir(), 'dbktest-archive-'));
  });
  afterEach(async () => {
    await driver?.remove(container).catch(() => {});
    const left = overlayMountsUnder(dst.root);
    src.remove();
    dst.remove();
    rmSync(scratch, { recursive: true, force: true });
    expect(left).toEqual([]);
  });

  async function identity(f: ImageFixture, name: string): Promise<unknown> {
    const { id } = await f.store.resolve(name);
    return { id, manifest: (await f.store.record(id)).manifest, diffIds: (await f.store.config(id)).rootfs.diff_ids };
  }

  it.each(['docker', 'oci'] as const)('round-trips through a %s archive keeping image id, manifest digest and layer digests', async (format) => {
    await addImage(kernel, src.store, [LAYERS.base(), LAYERS.data(), LAYERS.tweak()], 'dbktest/three:1');
    await src.store.tag('dbktest/three:1', 'localhost:5000/dbktest/three:v2');
    await addImage(kernel, src.store, [LAYERS.base()], 'dbktest/one');
    const archive = await saveImages(src.store, ['dbktest/three:1', 'localhost:5000/dbktest/three:v2', 'dbktest/one'], format);

    const names = listTar(archive).map((m) => m.path);
    expect(names).toEqual(expect.arrayContaining(['oci-layout', 'index.json', ...(format === 'docker' ? ['manifest.json', 'repositories'] : [])]));
    if (format === 'oci') expect(names).not.toContain('manifest.json');
    writeFileSync(join(scratch, 'a.tar'), archive);
    expect(execFileSync('tar', ['-tf', join(scratch, 'a.tar')], { encoding: 'utf8' })).toContain('blobs/sha256/');

    const loaded = await loadImages(dst.store, archive);
    expect(loaded.flatMap((l) => l.references).sort()).toEqual(['dbktest/one:latest', 'dbktest/three:1', 'localhost:5000/dbktest/three:v2']);
    for (const n of ['dbktest/three:1', 'dbktest/one']) expect(await identity(dst, n)).toEqual(await identity(src, n));
    expect(await saveImages(dst.store, ['dbktest/three:1', 'localhost:5000/dbktest/three:v2', 'dbktest/one'], format)).toEqual(archive);
  });

  it('refuses an archive whose layer was altered, registering nothing', async () => {
    await addImage(kernel, src.store, [LAYERS.base(), LAYERS.data()], 'dbktest/t');
    const members = listTar(await saveImages(src.store, ['dbktest/t'], 'docker'));
    const manifest = JSON.parse(new TextDecoder().decode(members.find((m) => m.path === 'manifest.json')!.data)) as Array<{ Layers: string[] }>;
    const victim = manifest[0]!.Layers[1]!;
    const tampered = members.map((m) => (m.path === victim ? { ...m, data: writeTar([...listTar(m.data!), { ...listTar(m.data!)[1]!, path: 'data/evil' }]) } : m));
    // The layer is no longer the file its name claims.
    await expect(loadImages(dst.store, writeTar(tampered))).rejects.toMatchObject({ code: 'E_DIGEST_MISMATCH' });
    expect(await dst.store.ids()).toEqual([]);
    expect(existsSync(join(dst.root, 'overlay')) ? readdirSync(join(dst.root, 'overlay')) : []).toEqual([]);
  });

  it('loads the classic docker save layout (<id>.json, <layer>/layer.tar, repositories)', async () => {
    const l1 = LAYERS.base();
    const l2 = LAYERS.data();
    const config = json({ architecture: 'amd64', os: 'linux', created: '2020-01-01T00:00:00Z', config: { Cmd: ['sh'] },
      rootfs: { type: 'layers', diff_ids: [`sha256:${sha(l1)}`, `sha256:${sha(l2)}`] }, history: [{ created_by: 'a' }, { created_by: 'b' }] });
    const id = sha(config);
    const v1 = ['1'.repeat(64), '2'.repeat(64)];
    const f = (path: string, data: Uint8Array) => ({ path, type: 'file' as const, mode: 0o644, uid: 0, gid: 0, mtime: 0, data });
    const archive = writeTar([
      f(`${id}.json`, config), f(`${v1[0]}/layer.tar`, l1), f(`${v1[0]}/VERSION`, json('1.0')), f(`${v1[1]}/layer.tar`, l2),
      f('manifest.json', json([{ Config: `${id}.json`, RepoTags: ['dbktest/classic:old'], Layers: v1.map((v) => `${v}/layer.tar`) }])),
      f('repositories', json({ 'dbktest/classic': { old: v1[1] } })),
    ]);
    expect(await loadImages(dst.store, archive)).toEqual([{ id: `sha256:${id}`, references: ['dbktest/classic:old'] }]);
    expect((await listImages(dst.store)).map((r) => `${r.repository}:${r.tag}`)).toEqual(['dbktest/classic:old']);
  });

  it('loads an OCI layout directory built to the spec (multi-platform index, gzip layer) and runs its shell', async () => {
    const layer = await busyboxLayer(kernel);
    const gz = gzipSync(layer);
    const config = json({ architecture: ARCH, os: 'linux', config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: [`sha256:${sha(layer)}`] } });
    const manifest = json({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha(config)}`, size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${sha(gz)}`, size: gz.length }] });
    const otherArch = json({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'x', digest: `sha256:${'0'.repeat(64)}`, size: 1 }, layers: [] });
    const nested = json({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha(otherArch)}`, size: otherArch.length, platform: { architecture: 'riscv64', os: 'linux' } },
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha(manifest)}`, size: manifest.length, platform: { architecture: ARCH, os: 'linux' } },
    ] });
    const layout = join(scratch, 'layout');
    mkdirSync(join(layout, 'blobs/sha256'), { recursive: true });
    for (const b of [gz, config, manifest, otherArch, nested]) writeFileSync(join(layout, 'blobs/sha256', sha(b)), b);
    writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    writeFileSync(join(layout, 'index.json'), json({ schemaVersion: 2, manifests: [
      { mediaType: 'application/vnd.oci.image.index.v1+json', digest: `sha256:${sha(nested)}`, size: nested.length, annotations: { 'org.opencontainers.image.ref.name': 'dbktest/oci-box:1.0' } },
    ] }));

    const [loaded] = await loadImages(dst.store, filesFromDir(kernel, layout));
    expect(loaded).toEqual({ id: `sha256:${sha(config)}`, references: ['dbktest/oci-box:1.0'] });
    // The same busybox layer as the offline base image: one unpacked copy shared by both.
    const base = await buildBaseImage(dst.store);
    expect((await dst.store.layerDirs(base))).toEqual(await dst.store.layerDirs(loaded!.id));

    driver = new OverlayDriver(kernel, dst.root);
    await driver.create(container, await dst.store.layerDirs(loaded!.id));
    const merged = await driver.mount(container);
    expect(execFileSync('/usr/sbin/chroot', [merged, '/bin/sh', '-c', 'echo from-oci'], { encoding: 'utf8', env: { PATH: '/bin' } })).toBe('from-oci\n');
  });

  it('refuses a layout whose blob is a symlink out of it', async () => {
    const layout = join(scratch, 'evil');
    mkdirSync(join(layout, 'blobs/sha256'), { recursive: true });
    writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    const digest = 'a'.repeat(64);
    execFileSync('ln', ['-s', '/etc/passwd', join(layout, 'blobs/sha256', digest)]);
    writeFileSync(join(layout, 'index.json'), json({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${digest}`, size: 1 }] }));
    await expect(loadImages(dst.store, filesFromDir(kernel, layout))).rejects.toMatchObject({ code: 'E_BAD_ARCHIVE', message: expect.stringContaining('is a symlink') });
  });
});
