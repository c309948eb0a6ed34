import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { buildBaseImage, ensureBaseImage } from '../../core/image/base-image.js';
import { imageHistory, inspectImage } from '../../core/image/image-views.js';
import { OverlayDriver } from '../../core/storage/overlay-driver.js';
import { listTar } from '../../core/storage/tar/tar-reader.js';
import { describeRoot, uniqueName } from '../helpers/host.js';
import { imageFixture, linuxKernel, overlayMountsUnder, type ImageFixture } from './image-fixture.js';

describeRoot('busybox:latest built offline from the host busybox (real kernel)', () => {
  let kernel: Kernel;
  let fx: ImageFixture;
  let other: ImageFixture | undefined;
  let driver: OverlayDriver | undefined;
  const container = uniqueName('bb');

  beforeAll(async () => { kernel = await linuxKernel(); });
  beforeEach(() => { fx = imageFixture(kernel); });
  afterEach(async () => {
    await driver?.remove(container).catch(() => {});
    const left = overlayMountsUnder(fx.root);
    fx.remove();
    other?.remove();
    expect(left).toEqual([]);
  });

  it('is one layer with busybox, an applet link per applet, passwd, group and a sticky /tmp; Cmd sh; PATH set', async () => {
    const id = await ensureBaseImage(fx.store);
    const info = await inspectImage(fx.store, 'busybox');
    expect(info).toMatchObject({ Id: id, RepoTags: ['busybox:latest'], Config: { Cmd: ['sh'], Env: [expect.stringMatching(/^PATH=.*\/bin/)] } });
    expect(info.RootFS.Layers).toHaveLength(1);
    expect((await imageHistory(fx.store, 'busybox')).map((h) => h.createdBy)).toEqual([
      '/bin/sh -c #(nop)  CMD ["sh"]', expect.stringMatching(/^\/bin\/sh -c #\(nop\) ADD file:[a-f0-9]{64} in \/ $/),
    ]);
    const members = listTar(await fx.store.layers.tar((await fx.store.chain(id))[0]!));
    const byPath = new Map(members.map((m) => [m.path, m]));
    expect(byPath.get('bin/busybox')).toMatchObject({ type: 'file', mode: 0o755 });
    expect(byPath.get('bin/busybox')!.data!.length).toBe(statSync('/bin/busybox').size);
    const applets = execFileSync('/bin/busybox', ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a && a !== 'busybox');
    for (const a of applets) expect(byPath.get(`bin/${a}`), a).toMatchObject({ type: 'symlink', linkname: 'busybox' });
    expect(byPath.get('tmp')).toMatchObject({ type: 'dir', mode: 0o1777 });
    expect(new TextDecoder().decode(byPath.get('etc/passwd')!.data)).toMatch(/^root:x:0:0:root:\/root:\/bin\/sh$/m);
    expect(byPath.has('etc/group')).toBe(true);
    expect(await ensureBaseImage(fx.store)).toBe(id); // built once
  });

  it('gets the same image id when built again elsewhere (fixed mtimes, sorted members)', async () => {
    other = imageFixture(kernel);
    expect(await buildBaseImage(other.store)).toBe(await buildBaseImage(fx.store));
  });

  it('runs: a shell from the image on overlay lists its applets and reads its own passwd', async () => {
    const id = await ensureBaseImage(fx.store);
    driver = new OverlayDriver(kernel, fx.root);
    await driver.create(container, await fx.store.layerDirs(id));
    const merged = await driver.mount(container);
    const out = execFileSync('/usr/sbin/chroot', [merged, '/bin/sh', '-c', 'echo hello > /tmp/x && cat /tmp/x && head -n1 /etc/passwd && ls /bin | wc -l'], { encoding: 'utf8', env: { PATH: '/bin' } });
    const [hello, passwd, count] = out.trim().split('\n');
    expect([hello, passwd]).toEqual(['hello', 'root:x:0:0:root:/root:/bin/sh']);
    expect(Number(count)).toBeGreaterThan(100);
    expect((await driver.changes(container)).map((c) => `${c.kind} ${c.path}`)).toEqual(['C /tmp', 'A /tmp/x']);
  });
});
