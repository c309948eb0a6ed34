import type { Kernel } from '../kernel/kernel.js';
import type { InitQueue } from './init-queue.js';
import type { LinuxDevice } from './oci/spec-types.js';
import { DEFAULT_DEV_SYMLINKS } from './oci/default-spec.js';

const NODE_TYPE = { c: 'char', u: 'char', b: 'block', p: 'fifo' } as const;

/**
 * Queues the device nodes and links under the new /dev (before pivot_root,
 * so paths are under the rootfs). mknod can be refused (a user namespace, a
 * restricted host): then the host's node is bind-mounted instead, as runc does.
 */
export function createDevices(kernel: Kernel, rootfs: string, devices: readonly LinuxDevice[], q: InitQueue): void {
  const within = q.within;
  for (const d of devices) {
    const target = `${rootfs}${d.path}`;
    q.add({ call: 'mknod', args: [target, NODE_TYPE[d.type], d.fileMode ?? 0o666, d.major ?? 0, d.minor ?? 0, within] }, {
      ignore: ['EEXIST'],
      onError: async () => {
        await kernel.writeFile(target, '', { ...within });
        await kernel.mount({ source: d.path, target, flags: ['bind'] }, within);
      },
    });
  }
  for (const [target, link] of DEFAULT_DEV_SYMLINKS) q.add({ call: 'symlink', args: [target, `${rootfs}${link}`, within] }, { ignore: ['EEXIST'] });
}
