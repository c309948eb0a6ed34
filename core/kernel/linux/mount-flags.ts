import type { MountFlag } from '../types.js';

/** MS_* values from <sys/mount.h>. */
export const MS: Record<MountFlag, number> = {
  rdonly: 1, nosuid: 2, nodev: 4, noexec: 8, remount: 32, noatime: 1024,
  bind: 4096, move: 8192, rec: 16384, unbindable: 1 << 17, private: 1 << 18,
  slave: 1 << 19, shared: 1 << 20, relatime: 1 << 21, strictatime: 1 << 24,
};

export function mountFlags(flags: readonly MountFlag[] = []): number {
  return flags.reduce((acc, f) => acc | MS[f], 0);
}
