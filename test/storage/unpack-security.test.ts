import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { describeRoot } from '../helpers/host.js';
import { e, linuxKernel, storeFixture, tar, type StoreFixture } from './store-fixture.js';

describeRoot('unpacking a malicious layer (real kernel)', () => {
  let kernel: Kernel;
  let fx: StoreFixture;
  /** A directory outside the store that a malicious layer aims at. */
  let outside: string;

  beforeAll(async () => { kernel = await linuxKernel(); });
  beforeEach(() => {
    fx = storeFixture(kernel);
    outside = join(fx.root, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret'), 'original');
  });
  afterEach(() => fx.remove());

  /** Nothing registered, nothing unpacked, no temp dir left, and the outside untouched. */
  function expectNothingLeft(): void {
    expect(existsSync(join(fx.root, 'overlay')) ? readdirSync(join(fx.root, 'overlay')) : []).toEqual([]);
    expect(existsSync(join(fx.root, 'image/layerdb/sha256')) ? readdirSync(join(fx.root, 'image/layerdb/sha256')) : []).toEqual([]);
    expect(readdirSync(outside).sort()).toEqual(['secret']);
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('original');
  }

  async function expectRefused(layer: Uint8Array, message: RegExp): Promise<void> {
    const err = await fx.layers.register(layer, null).catch((x: unknown) => x);
    expect(err).toMatchObject({ code: 'E_MALICIOUS_LAYER', message: expect.stringMatching(message) });
    expect((err as Error).message).not.toContain('\n');
  }

  it('refuses an absolute path', async () => {
    await expectRefused(tar(e.file('ok', 'fine'), e.file(`${outside}/pwned`, 'x')), /has an absolute path/);
    expectNothingLeft();
  });

  it('refuses a path that climbs out with ..', async () => {
    await expectRefused(tar(e.dir('a'), e.file('a/../../../outside/pwned', 'x')), /has "\.\." in its path/);
    expectNothingLeft();
  });

  it('refuses to write through a symlink an earlier entry planted (absolute and relative targets)', async () => {
    await expectRefused(tar(e.symlink('evil', outside), e.file('evil/pwned', 'x')), /written through the symlink "evil" planted by an earlier entry/);
    expectNothingLeft();
    await expectRefused(tar(e.dir('a'), e.symlink('a/up', '../../../outside'), e.file('a/up/secret', 'x')), /through the symlink "a\/up"/);
    expectNothingLeft();
  });

  it('refuses a directory swapped for a symlink by a later entry, then written through', async () => {
    await expectRefused(tar(e.dir('d'), e.file('d/x'), e.symlink('d', outside), e.file('d/pwned')), /through the symlink "d"/);
    expectNothingLeft();
  });

  it('refuses hardlinks to outside the layer', async () => {
    await expectRefused(tar(e.hardlink('h', '../../outside/secret')), /hardlink to "\.\.\/\.\.\/outside\/secret", outside the layer/);
    expectNothingLeft();
    await expectRefused(tar(e.hardlink('h', `${outside}/secret`)), /outside the layer/);
    expectNothingLeft();
    await expectRefused(tar(e.symlink('s', outside), e.hardlink('h', 's/secret')), /hardlink reached through the symlink "s"/);
    expectNothingLeft();
  });

  it('refuses a layer that writes through a symlink planted by the layer below it, keeping the lower layer intact', async () => {
    const lower = await fx.layers.register(tar(e.dir('etc'), e.symlink('etc/conf', outside), e.file('etc/hosts', 'h')), null);
    const err = await fx.layers.register(tar(e.dir('etc'), e.file('etc/conf/pwned', 'x')), lower.chainId).catch((x: unknown) => x);
    expect(err).toMatchObject({ code: 'E_MALICIOUS_LAYER', message: 'layer rejected: entry "etc/conf/pwned" would be written through the symlink "etc/conf" from a lower layer' });
    expect((await fx.layers.list()).map((l) => l.chainId)).toEqual([lower.chainId]);
    expect(readdirSync(join(fx.root, 'overlay'))).toEqual([lower.chainId.slice(7)]);
    expect(readdirSync(outside)).toEqual(['secret']);
  });

  it('replaces a planted symlink by a file instead of writing through it', async () => {
    const l = await fx.layers.register(tar(e.symlink('x', `${outside}/secret`), e.file('x', 'mine')), null);
    expect(readFileSync(join(fx.layers.diffDir(l.chainId), 'x'), 'utf8')).toBe('mine');
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('original');
  });
});
