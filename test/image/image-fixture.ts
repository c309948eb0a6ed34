import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kernel } from '../../core/kernel/kernel.js';
import { configForLayers } from '../../core/image/build-config.js';
import { ImageStore } from '../../core/image/image-store.js';
import type { Digest } from '../../core/storage/digest.js';
import { e, tar } from '../storage/store-fixture.js';

export { linuxKernel } from '../storage/store-fixture.js';

export interface ImageFixture {
  readonly root: string;
  readonly store: ImageStore;
  /** Container id → image id: what "a container uses this image" means to rmi. */
  readonly containers: Map<string, Digest>;
  remove(): void;
}

export function imageFixture(kernel: Kernel): ImageFixture {
  const root = mkdtempSync(join(tmpdir(), 'dbktest-images-'));
  const containers = new Map<string, Digest>();
  const store = new ImageStore(kernel, root, (id) => [...containers].filter(([, img]) => img === id).map(([c]) => c));
  return { root, store, containers, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The three layers most tests stack: a base, some data, a config tweak. */
export const LAYERS = {
  base: () => tar(e.dir('bin'), { ...e.file('bin/tool', '#!/bin/tool v1', 0o755) }, e.dir('etc'), e.file('etc/hosts', '127.0.0.1 localhost\n'), e.file('etc/os', 'base')),
  data: () => tar(e.dir('data'), e.file('data/keep', 'keep'), e.file('data/old', 'old'), e.dir('data/sub'), e.file('data/sub/x', 'x')),
  tweak: () => tar(e.dir('etc'), e.file('etc/os', 'tweaked'), e.file('etc/.wh.hosts-old')),
};

export async function addImage(kernel: Kernel, store: ImageStore, layers: Uint8Array[], ref?: string, created = '2024-01-02T03:04:05Z'): Promise<Digest> {
  const config = await configForLayers(kernel, layers.map((t, i) => ({ tar: t, createdBy: `/bin/sh -c #(nop) ADD layer${i + 1} in /` })), {
    created, config: { Cmd: ['sh'], Env: ['PATH=/bin'] }, configSteps: ['/bin/sh -c #(nop)  CMD ["sh"]'],
  });
  const id = await store.addImage({ config, layers });
  if (ref) await store.name(id, [ref]);
  return id;
}

/** Overlay mounts under a root that are still there (there should be none). */
export function overlayMountsUnder(root: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(' - overlay ') && l.includes(root));
}
