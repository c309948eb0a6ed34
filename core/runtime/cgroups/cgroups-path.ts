import { DockbookError } from '../../errors.js';

/**
 * Splits an OCI linux.cgroupsPath ("/dockbook/<id>") into its levels. The
 * path is taken relative to each hierarchy's root, so anything that could
 * climb out of it (.., empty levels) is refused, as is the systemd driver's
 * "slice:prefix:name" form, which names a unit rather than a directory.
 */
export function cgroupsPathLevels(cgroupsPath: string): string[] {
  if (/^[^/]*:[^/]*:[^/]*$/.test(cgroupsPath)) {
    throw new DockbookError('E_UNSUPPORTED', `cgroupsPath "${cgroupsPath}" is in the systemd driver's slice:prefix:name form`, {
      hint: 'dockbook drives cgroupfs directly: use a path like /dockbook/<id>',
    });
  }
  const levels = cgroupsPath.split('/').filter((l) => l !== '');
  if (levels.length === 0) {
    throw new DockbookError('E_INVALID_ARGUMENT', `cgroupsPath "${cgroupsPath}" names the root cgroup`, {
      hint: 'a container needs a cgroup of its own, like /dockbook/<id>',
    });
  }
  for (const l of levels) {
    if (l === '.' || l === '..' || l.includes('\0')) {
      throw new DockbookError('E_INVALID_ARGUMENT', `cgroupsPath "${cgroupsPath}" has a "${l}" level`, {
        hint: 'use plain names: the path is relative to each hierarchy root and must stay inside it',
      });
    }
  }
  return levels;
}

/** The directory of every level from the hierarchy root down to the cgroup itself (root excluded). */
export function levelDirs(root: string, levels: readonly string[]): string[] {
  const base = root.replace(/\/+$/, '');
  return levels.map((_, i) => `${base}/${levels.slice(0, i + 1).join('/')}`);
}
