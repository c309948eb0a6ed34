import type { Kernel } from '../kernel/kernel.js';
import { isKernelError } from '../kernel/kernel-error.js';
import { runToEnd } from './read-process.js';

const MAX_CONTENT = 4096;

/**
 * A file as the container sees it. On Linux /proc/PID/root is the
 * container's root in its own mount namespace, binds and all. The simulator
 * answers that link with the reader's own root (it is a plain symlink to
 * "/" there), so there a short-lived `cat` joins the container's mount
 * namespace instead, which is what `nsenter -m` would do.
 */
export async function readContainerFile(kernel: Kernel, pid: number, path: string): Promise<{ exists: boolean; content: string; via: string }> {
  if (kernel.kind === 'linux') {
    const via = `/proc/${pid}/root${path}`;
    try {
      return { exists: true, content: (await kernel.readText(via)).slice(0, MAX_CONTENT), via };
    } catch (e) {
      if (isKernelError(e) && e.errnoCode === 'ENOENT') return { exists: false, content: '', via };
      throw e;
    }
  }
  const r = await runToEnd(kernel, { argv: ['/bin/busybox', 'cat', path], namespaces: { join: { mnt: `/proc/${pid}/ns/mnt` } } });
  return { exists: r.code === 0, content: r.code === 0 ? r.out.slice(0, MAX_CONTENT) : '', via: `cat in /proc/${pid}/ns/mnt` };
}

/**
 * The hostname lives in a UTS namespace, not in a file: ask the kernel from
 * inside that namespace. The host's busybox does it, so the container's own
 * filesystem is not involved.
 */
export async function readHostname(kernel: Kernel, pid: number | null): Promise<string> {
  if (pid === null) return (await kernel.uname()).nodename;
  const r = await runToEnd(kernel, { argv: ['/bin/busybox', 'hostname'], namespaces: { join: { uts: `/proc/${pid}/ns/uts` } } });
  return r.out.trim();
}
