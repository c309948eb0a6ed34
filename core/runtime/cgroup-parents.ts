import type { Kernel } from '../kernel/kernel.js';
import type { CgroupManager } from './cgroups/manager.js';

/**
 * After a container's cgroup is gone, removes the levels above it that are
 * now empty (`/dockbook` once its last container is deleted), so deleting
 * every container leaves the hierarchy as it was. A level still holding
 * other containers refuses (EBUSY), and that is where the walk stops.
 */
export async function removeEmptyParents(kernel: Kernel, manager: CgroupManager): Promise<void> {
  const levels = manager.cgroupsPath.split('/').filter(Boolean);
  const suffix = `/${levels.join('/')}`;
  for (const dir of new Set(Object.values(manager.paths()))) {
    if (!dir.endsWith(suffix)) continue;
    const root = dir.slice(0, dir.length - suffix.length);
    for (let k = levels.length - 1; k >= 1; k--) {
      try {
        await kernel.rmdir(`${root}/${levels.slice(0, k).join('/')}`);
      } catch {
        break;
      }
    }
  }
}

/** A killed process leaves its cgroup a moment after it is reaped: wait (at most half a second) for the cgroup to empty. */
export async function waitCgroupEmpty(kernel: Kernel, manager: CgroupManager): Promise<void> {
  for (let i = 0; i < 100 && (await manager.populated().catch(() => false)); i++) await kernel.sleep(5);
}
