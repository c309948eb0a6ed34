import { busyboxImage } from './programs/busybox-image.js';
import { APPLETS } from './programs/applets.js';
import type { FsView } from './vfs/index.js';

/**
 * Lays out a minimal busybox root filesystem at `dir` (as test/helpers/rootfs.ts
 * does on a real host): the simulated static busybox, a symlink per applet,
 * /etc/passwd and /etc/group, and empty mount points.
 */
export function installBusyboxRootfs(view: FsView, dir: string): void {
  const base = dir === '/' ? '' : dir;
  view.mkdir(dir, { recursive: true, mode: 0o755 });
  for (const d of ['bin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'root', 'var']) view.mkdir(`${base}/${d}`, { recursive: true, mode: 0o755 });
  view.writeFile(`${base}/bin/busybox`, busyboxImage(), { mode: 0o755 });
  view.chmod(`${base}/bin/busybox`, 0o755);
  for (const a of Object.keys(APPLETS)) if (a !== 'busybox') view.symlink('busybox', `${base}/bin/${a}`);
  view.writeFile(`${base}/etc/passwd`, 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  view.writeFile(`${base}/etc/group`, 'root:x:0:\nnogroup:x:65534:\n');
  if (base !== '') view.chmod(`${base}/tmp`, 0o1777);
}
