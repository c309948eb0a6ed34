import { DockbookError } from '../../errors.js';
import type { Kernel } from '../../kernel/kernel.js';
import { cgroupLayout, type CgroupHierarchy, type CgroupLayout } from './layout.js';
import type { CgroupManager } from './manager.js';
import { controllerList } from './v2-subtree.js';
import { V1CgroupManager } from './v1-manager.js';
import { V2CgroupManager } from './v2-manager.js';

/** The host's cgroup hierarchies, from the mount table and each cgroup2 root's cgroup.controllers. */
export async function probeCgroupLayout(kernel: Kernel): Promise<CgroupLayout> {
  const mounts = await kernel.mountTable();
  const offered = new Map<string, string[]>();
  for (const m of mounts.filter((x) => x.fstype === 'cgroup2')) {
    offered.set(m.mountPoint, controllerList(await kernel.readText(`${m.mountPoint}/cgroup.controllers`).catch(() => null)));
  }
  return cgroupLayout(mounts, (mp) => offered.get(mp) ?? []);
}

export type CgroupChoice =
  | { readonly version: 1; readonly hierarchies: readonly CgroupHierarchy[] }
  | { readonly version: 2; readonly mountPoint: string };

/**
 * Which cgroup version containers go into. When any v1 hierarchy carries a
 * real controller (v1 or hybrid), the controllers live there, and the v2
 * tree beside them has little or nothing to offer, so v1 is used. A v1
 * mount holding only a name= hierarchy (systemd's bookkeeping) does not count.
 */
export function chooseCgroupVersion(layout: CgroupLayout): CgroupChoice {
  const v1 = layout.hierarchies.filter((h) => h.version === 1);
  if (v1.some((h) => h.controllers.some((c) => !c.startsWith('name=')))) return { version: 1, hierarchies: v1 };
  const v2 = layout.hierarchies.filter((h) => h.version === 2);
  const unified = v2.find((h) => h.mountPoint === '/sys/fs/cgroup') ?? v2[0];
  if (unified) return { version: 2, mountPoint: unified.mountPoint };
  throw new DockbookError('E_UNSUPPORTED', 'no cgroup hierarchy is mounted on this host', {
    hint: 'mount one: mount -t cgroup2 none /sys/fs/cgroup (or run `dockbook doctor`)',
  });
}

/** Probes the host and returns the manager for the cgroup at `cgroupsPath` (OCI linux.cgroupsPath, like /dockbook/<id>). */
export async function chooseCgroupManager(kernel: Kernel, cgroupsPath: string): Promise<CgroupManager> {
  const choice = chooseCgroupVersion(await probeCgroupLayout(kernel));
  return choice.version === 1
    ? new V1CgroupManager(kernel, cgroupsPath, choice.hierarchies)
    : new V2CgroupManager(kernel, cgroupsPath, choice.mountPoint);
}
