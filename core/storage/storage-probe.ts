import type { Kernel } from '../kernel/kernel.js';
import type { MountInfo } from '../kernel/types.js';

/** What `docker info` shows under "Storage Driver", and why this driver was chosen. */
export interface StorageChoice {
  /** Docker's names: overlay2, or the copy fallback (Docker's own is called vfs). */
  readonly driver: 'overlay2' | 'copy';
  /** `[name, value]` rows, as dockerd's DriverStatus. */
  readonly status: readonly (readonly [string, string])[];
  readonly reason: string;
}

/** Filesystem names as dockerd prints them (it names them by superblock magic: ext2/3/4 share one, "extfs"). */
const BACKING_NAMES: Readonly<Record<string, string>> = {
  ext2: 'extfs', ext3: 'extfs', ext4: 'extfs', xfs: 'xfs', btrfs: 'btrfs', tmpfs: 'tmpfs', overlay: 'overlayfs', zfs: 'zfs', f2fs: 'f2fs',
};

/** The mount a path lives on: the longest mount point that is a prefix of it. */
function mountOf(mounts: readonly MountInfo[], path: string): MountInfo | null {
  let best: MountInfo | null = null;
  for (const m of mounts) {
    const p = m.mountPoint;
    if ((path === p || path.startsWith(p === '/' ? '/' : `${p}/`)) && (!best || p.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

/**
 * Which graph driver the engine uses for a state directory, decided as
 * dockerd decides overlay2's support: the kernel must know overlay
 * (/proc/filesystems), and the directory must not itself sit on overlayfs
 * (an overlay upper dir cannot be another overlay). Otherwise the copy
 * fallback is used.
 */
export async function probeStorage(kernel: Kernel, stateDir: string): Promise<StorageChoice> {
  const filesystems = await kernel.readText('/proc/filesystems').catch(() => '');
  const hasOverlay = filesystems.split('\n').some((l) => l.trim().split(/\s+/).pop() === 'overlay');
  const mount = mountOf(await kernel.mountTable().catch(() => []), stateDir);
  const backing = mount ? (BACKING_NAMES[mount.fstype] ?? mount.fstype) : 'unknown';
  const status: [string, string][] = [['Backing Filesystem', backing]];
  if (!hasOverlay) return { driver: 'copy', status, reason: 'the kernel has no overlay filesystem' };
  if (backing === 'overlayfs') return { driver: 'copy', status, reason: `${stateDir} is itself on overlayfs, which overlay cannot use as an upper layer` };
  return {
    driver: 'overlay2',
    // d_type: overlay needs file types in readdir, which every filesystem above gives; the diff is read from the upper dir (native).
    status: [...status, ['Supports d_type', 'true'], ['Native Overlay Diff', 'true'], ['userxattr', 'false']],
    reason: `overlay is available and ${stateDir} is on ${backing}`,
  };
}
