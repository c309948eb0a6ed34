/** One mount of a container's table, placed in the tree of mount points and judged. */
export interface MountNode {
  readonly mountPoint: string;
  readonly fstype: string;
  readonly source: string;
  readonly options: readonly string[];
  /** How many other mounts it sits under (`/proc/sys` is under `/proc`, which is under `/`). */
  readonly depth: number;
  /** Hidden from the container: something else is mounted over a piece of /proc or /sys (the runtime's maskedPaths). */
  readonly masked: boolean;
  /** Read-only where the mount it sits under is writable (the runtime's readonlyPaths). */
  readonly madeReadOnly: boolean;
}

interface MountRow {
  readonly mountPoint: string;
  readonly fstype: string;
  readonly source: string;
  readonly options: readonly string[];
}

const under = (path: string, parent: string) => parent === '/' ? path !== '/' : path.startsWith(`${parent}/`);

/** What normally lives at a place in /proc or /sys: anything else there was put over it to hide it. */
function masks(m: MountRow): boolean {
  if (under(m.mountPoint, '/proc')) return m.fstype !== 'proc';
  if (under(m.mountPoint, '/sys')) return m.fstype === 'tmpfs' && m.mountPoint !== '/sys/fs/cgroup';
  return false;
}

/** The mount table as a tree, in mount order, each node knowing its parent's depth and whether it masks or locks. */
export function mountTree(rows: readonly MountRow[]): MountNode[] {
  const nodes: MountNode[] = [];
  for (const m of rows) {
    // The parent is the latest earlier mount whose mount point contains this one (mounts stack in order).
    const parent = [...nodes].reverse().find((p) => under(m.mountPoint, p.mountPoint));
    const ro = m.options.includes('ro');
    nodes.push({
      ...m,
      depth: parent ? parent.depth + 1 : 0,
      masked: masks(m),
      madeReadOnly: ro && !!parent && !parent.options.includes('ro') && !masks(m),
    });
  }
  return nodes;
}
