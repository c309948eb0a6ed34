import type { MountInfo } from '../../kernel/types.js';
import { major, minor } from './device-numbers.js';
import type { MountNamespace } from './mount-namespace.js';
import { mountOptions, propagationFields, rootOf, type Location, type Mount } from './mount.js';
import { joinAbsolute } from './paths.js';
import { visiblePath } from './resolve.js';

/**
 * /proc/PID/mountinfo for a process with this root: every mount of the
 * namespace in creation order, except those whose mount point lies outside
 * the root (a chroot or pivot_root hides them, as the kernel does).
 */
export function mountTable(ns: MountNamespace, root: Location): MountInfo[] {
  return visibleMounts(ns, root).map(({ m, mountPoint }) => ({
    id: m.id,
    parentId: m.parent?.id ?? m.id,
    root: joinAbsolute(m.rootPath),
    mountPoint,
    options: mountOptions(m),
    propagation: propagationFields(m),
    fstype: m.fs.fstype,
    source: m.fs.source || 'none',
    superOptions: [m.fs.readOnly ? 'ro' : 'rw', ...m.fs.superOptions()],
  }));
}

/** The same table as text, byte for byte the kernel's format (see proc(5)). */
export function mountInfoText(ns: MountNamespace, root: Location): string {
  const devs = new Map(visibleMounts(ns, root).map(({ m }) => [m.id, m.fs.dev]));
  return mountTable(ns, root)
    .map((e) => {
      const dev = devs.get(e.id) ?? 0;
      const optional = e.propagation.length > 0 ? ` ${e.propagation.join(' ')}` : '';
      return `${e.id} ${e.parentId} ${major(dev)}:${minor(dev)} ${escape(e.root)} ${escape(e.mountPoint)} ${e.options.join(',')}${optional} - ${e.fstype} ${escape(e.source)} ${e.superOptions.join(',')}\n`;
    })
    .join('');
}

/** Where a filesystem (named by st_dev, as events name an overlay) is mounted, as this process sees it. */
export function mountPointsOf(ns: MountNamespace, root: Location, dev: number): string[] {
  return visibleMounts(ns, root).filter(({ m }) => m.fs.dev === dev).map(({ mountPoint }) => mountPoint);
}

function visibleMounts(ns: MountNamespace, root: Location): Array<{ m: Mount; mountPoint: string }> {
  const out: Array<{ m: Mount; mountPoint: string }> = [];
  for (const m of ns.mounts()) {
    const p = visiblePath(rootOf(m), root);
    if (p) out.push({ m, mountPoint: joinAbsolute(p) });
  }
  return out;
}

/** The octal escapes mangle() writes for space, tab, newline and backslash. */
function escape(s: string): string {
  return s.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}
