import { makedev } from './device-numbers.js';
import { FsView } from './fs-view.js';
import type { MountNamespace } from './mount-namespace.js';
import { ROOT_CREDENTIAL } from './permissions.js';
import { Vfs, type VfsOptions } from './vfs.js';

export interface BootOptions extends VfsOptions {
  /** The root filesystem's device, as mountinfo and st_dev show it (default 254:0, a virtio disk). */
  readonly rootDev?: number;
  readonly rootSource?: string;
}

export interface BootedVfs {
  readonly vfs: Vfs;
  readonly ns: MountNamespace;
  /** A root process at `/` in the initial namespace. */
  readonly init: FsView;
}

/**
 * A machine's filesystem right after boot: an ext4-like root with the usual
 * top-level directories, in the initial mount namespace. What is mounted on
 * /proc, /sys or /dev is for the simulated kernel to decide.
 */
export function bootVfs(opts: BootOptions = {}): BootedVfs {
  const vfs = new Vfs(opts);
  const rootFs = vfs.createMemFs({
    fstype: 'ext4', source: opts.rootSource ?? '/dev/vda', dev: opts.rootDev ?? makedev(254, 0), dirSize: 'block', firstIno: 2,
  });
  const ns = vfs.createNamespace(rootFs);
  const init = new FsView(vfs, ns, ROOT_CREDENTIAL);
  for (const dir of ['/bin', '/dev', '/etc', '/proc', '/root', '/run', '/sys', '/usr', '/var', '/var/lib']) init.mkdir(dir, { mode: 0o755 });
  init.mkdir('/tmp');
  init.chmod('/tmp', 0o1777);
  return { vfs, ns, init };
}
