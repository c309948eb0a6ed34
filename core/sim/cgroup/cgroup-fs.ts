import { gen, GenFs, type GenDir } from '../gen-fs.js';
import { fail, type FsFactory, type MountRequest } from '../vfs/index.js';
import { CgroupNode, type Hierarchy } from './cgroup-node.js';
import type { CgroupHost } from './cgroup-host.js';
import { v1Files } from './v1-files.js';
import { v2Files } from './v2-files.js';

/** A cgroup directory as a generated tree: child cgroups, then the controller files; mkdir/rmdir make and remove cgroups. */
export function cgroupDir(host: CgroupHost, n: CgroupNode): GenDir {
  return gen.dir(
    () => [
      ...[...n.children].map(([name, c]) => [name, cgroupDir(host, c)] as const),
      ...(n.hierarchy.version === 1 ? v1Files(host, n) : v2Files(host, n)),
    ],
    {
      mode: 0o755,
      mkdir: (name) => {
        if (n.children.has(name)) fail('EEXIST');
        n.children.set(name, new CgroupNode(n.hierarchy, name, n));
      },
      rmdir: (name) => {
        const child = n.children.get(name) ?? fail('ENOENT');
        if (child.children.size > 0 || [...child.procs].some((p) => p.alive)) fail('EBUSY');
        n.children.delete(name);
      },
    },
  );
}

export interface CgroupMountContext {
  readonly host: CgroupHost;
  readonly hierarchies: readonly Hierarchy[];
  readonly clock: () => number;
  /** The cgroup the mounting process's cgroup namespace is rooted at, in a hierarchy. */
  nsRoot(h: Hierarchy): CgroupNode;
  allocateDev(): number;
}

/** `mount -t cgroup -o cpu,cpuacct`: the hierarchy with exactly those controllers (or that name=). */
export function cgroupV1Factory(ctx: CgroupMountContext): FsFactory {
  const supers = new Map<Hierarchy, number>();
  return (req: MountRequest) => {
    const wanted = req.data.split(',').filter((o) => o && o !== 'rw' && o !== 'ro' && o !== 'xattr');
    const h = ctx.hierarchies.find((x) => x.version === 1 && wanted.length > 0 && sameSet(x.controllers, wanted)) ?? fail(wanted.length ? 'EBUSY' : 'EINVAL');
    return makeFs(ctx, h, req, supers, 'cgroup', () => [...(h.controllers.some((c) => c.startsWith('name=')) ? ['xattr'] : []), ...h.controllers]);
  };
}

export function cgroupV2Factory(ctx: CgroupMountContext): FsFactory {
  const supers = new Map<Hierarchy, number>();
  return (req: MountRequest) => {
    const h = ctx.hierarchies.find((x) => x.version === 2) ?? fail('ENODEV');
    return makeFs(ctx, h, req, supers, 'cgroup2', () => ['nsdelegate', 'memory_recursiveprot']);
  };
}

function makeFs(ctx: CgroupMountContext, h: Hierarchy, req: MountRequest, supers: Map<Hierarchy, number>, fstype: string, opts: () => string[]): GenFs {
  // Mounting a hierarchy again shows the same superblock (same st_dev), as the kernel does.
  let dev = supers.get(h);
  if (dev === undefined) {
    dev = ctx.allocateDev();
    supers.set(h, dev);
  }
  const root = ctx.nsRoot(h);
  return new GenFs(dev, fstype, req.source || fstype, cgroupDir(ctx.host, root), { superOptions: opts, mtimeMs: ctx.clock });
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
