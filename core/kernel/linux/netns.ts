import { promises as fs } from 'node:fs';
import { KernelError } from '../kernel-error.js';
import { MNT_DETACH, mount, umount2 } from './libc.js';
import { MS } from './mount-flags.js';
import { withNamespaces } from './ns-switch.js';

export const NETNS_DIR = '/run/netns';

function pathOf(name: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name) || name === '.' || name === '..') {
    throw new KernelError('netns add', name, 'EINVAL', { code: 'E_INVALID_ARGUMENT', hint: 'use letters, digits, . _ -' });
  }
  return `${NETNS_DIR}/${name}`;
}

/**
 * Like `ip netns add`: a new net namespace kept alive by a bind mount of its
 * nsfs file, so it outlives any process and other tools (`ip netns`) see it.
 */
export async function netnsCreate(name: string): Promise<string> {
  const path = pathOf(name);
  await fs.mkdir(NETNS_DIR, { recursive: true });
  try {
    await (await fs.open(path, 'wx', 0o444)).close();
  } catch (e) {
    throw new KernelError('netns add', name, (e as NodeJS.ErrnoException).code ?? 'EEXIST', { cause: e });
  }
  try {
    withNamespaces({ set: { create: ['net'] } }, () => mount('/proc/thread-self/ns/net', path, null, MS.bind, null));
  } catch (e) {
    await fs.unlink(path).catch(() => {});
    throw e;
  }
  return path;
}

export async function netnsDelete(name: string): Promise<void> {
  const path = pathOf(name);
  umount2(path, MNT_DETACH);
  await fs.unlink(path);
}

export async function netnsList(): Promise<string[]> {
  try {
    return (await fs.readdir(NETNS_DIR)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
