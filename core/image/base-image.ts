import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import type { Digest } from '../storage/digest.js';
import type { TarEntry } from '../storage/tar/tar-entry.js';
import { writeTar } from '../storage/tar/tar-writer.js';
import { configForLayers } from './build-config.js';
import type { ImageStore } from './image-store.js';

export const BASE_IMAGE = 'busybox:latest';
const HOST_BUSYBOX = '/bin/busybox';
/** Every member and the config carry this time, so the same busybox binary always gives the same image id. */
const FIXED_CREATED = '2024-01-01T00:00:00Z';
const FIXED_MTIME = Date.parse(FIXED_CREATED) / 1000;
const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const enc = new TextEncoder();
const dir = (path: string, mode = 0o755): TarEntry => ({ path, type: 'dir', mode, uid: 0, gid: 0, mtime: FIXED_MTIME });
const file = (path: string, data: Uint8Array, mode = 0o644): TarEntry => ({ path, type: 'file', mode, uid: 0, gid: 0, mtime: FIXED_MTIME, data });
const symlink = (path: string, linkname: string): TarEntry => ({ path, type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: FIXED_MTIME, linkname });

/** The applets this busybox was built with, from `busybox --list`. */
async function busyboxApplets(kernel: Kernel, busybox: string): Promise<string[]> {
  const p = await kernel.spawn({ argv: [busybox, '--list'], stdio: { kind: 'pipe' } });
  const chunks: Uint8Array[] = [];
  if (p.stdout) for await (const c of p.stdout) chunks.push(c);
  const status = await p.exited;
  if (status.code !== 0) throw new DockbookError('E_BASE_IMAGE', `${busybox} --list failed (exit ${status.code ?? status.signal})`, { hint: 'install busybox-static' });
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.length; }
  const text = new TextDecoder().decode(all);
  return text.split('\n').map((a) => a.trim()).filter((a) => /^[a-zA-Z0-9_.[-]+$/.test(a) && a !== 'busybox').sort();
}

/**
 * The one layer of the base image: a static busybox, a symlink per applet
 * (so `ls` runs busybox as ls), the account files every image has, and the
 * usual empty directories (/tmp sticky and world-writable).
 */
export async function busyboxLayer(kernel: Kernel, busybox = HOST_BUSYBOX): Promise<Uint8Array> {
  const binary = await kernel.readFile(busybox);
  const applets = await busyboxApplets(kernel, busybox);
  const entries: TarEntry[] = [
    dir('bin'),
    file('bin/busybox', binary, 0o755),
    ...applets.map((a) => symlink(`bin/${a}`, 'busybox')),
    dir('dev'),
    dir('etc'),
    file('etc/group', enc.encode('root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nwheel:x:10:\nusers:x:100:\nnogroup:x:65534:\n')),
    file('etc/passwd', enc.encode('root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nbin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n')),
    dir('home'),
    dir('proc'),
    dir('root', 0o700),
    dir('sys'),
    dir('tmp', 0o1777),
    dir('usr'),
    dir('usr/sbin'),
    dir('var'),
    dir('var/spool'),
    dir('var/www'),
  ];
  return writeTar(entries);
}

/**
 * Builds `busybox:latest` from the host's static busybox, with no registry:
 * a genuine one-layer image (config Cmd ["sh"], Env PATH, a history row for
 * the layer and one for CMD) registered in the store. Deterministic: the
 * same busybox binary always yields the same layer digest and image id.
 *
 * A bigger base is made the same way: `debootstrap --variant=minbase
 * bookworm DIR`, then a layer tar of DIR (members sorted, mtimes fixed, as
 * here), `configForLayers`, `store.addImage`, `store.name(id, ['debian:bookworm'])`.
 */
export async function buildBaseImage(store: ImageStore, busybox = HOST_BUSYBOX): Promise<Digest> {
  if (!(await store.kernel.exists(busybox))) {
    throw new DockbookError('E_BASE_IMAGE', `cannot build ${BASE_IMAGE}: ${busybox} is missing`, { hint: 'install Debian\'s busybox-static (npm start does it when run as root)' });
  }
  const layer = await busyboxLayer(store.kernel, busybox);
  const layerDigest = await store.kernel.sha256(layer);
  const config = await configForLayers(store.kernel, [{ tar: layer, createdBy: `/bin/sh -c #(nop) ADD file:${layerDigest} in / ` }], {
    created: FIXED_CREATED,
    config: { Env: [PATH], Cmd: ['sh'] },
    configSteps: ['/bin/sh -c #(nop)  CMD ["sh"]'],
  });
  const id = await store.addImage({ config, layers: [layer] });
  await store.name(id, [BASE_IMAGE]);
  return id;
}

/** `busybox:latest`, built on first need. */
export async function ensureBaseImage(store: ImageStore): Promise<Digest> {
  try {
    return (await store.resolve(BASE_IMAGE)).id;
  } catch (e) {
    if (!(e instanceof DockbookError) || e.code !== 'E_IMAGE_NOT_FOUND') throw e;
    return buildBaseImage(store);
  }
}
