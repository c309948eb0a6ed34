import type { Kernel } from '../kernel/kernel.js';
import type { FileStat, MountFlag, MountInfo, MountSpec } from '../kernel/types.js';
import { cgroupLayout } from './cgroups/layout.js';
import { createDevices } from './devices.js';
import type { InitQueue } from './init-queue.js';
import { DEFAULT_DEVICES } from './oci/default-spec.js';
import { parseMountOptions } from './mount-options.js';
import { resolveInRoot } from './oci/resolve-in-root.js';
import type { Mount, Spec } from './oci/spec-types.js';

/**
 * Builds the container's filesystem view from inside its init, step by step
 * as runc does: make the host's mounts stop propagating in, turn the rootfs
 * into a mount, mount what config.json lists (each destination resolved
 * inside the rootfs so a symlink cannot lead out), make /dev, pivot_root into
 * it and drop the old root, then mask and make read-only what must be.
 *
 * The calls go through `q`, so they reach the init in a few batches instead
 * of one round trip each; the queue is flushed only where a result decides
 * what comes next (is a path there, what is mounted below it). The caller
 * flushes what is left.
 */
export async function setupRootfs(kernel: Kernel, spec: Spec, rootfs: string, q: InitQueue): Promise<void> {
  const within = q.within;
  const mount = (m: MountSpec) => q.add({ call: 'mount', args: [m, within] });
  const propagation = spec.linux?.rootfsPropagation ?? 'rslave';
  mount({ source: '', target: '/', flags: propagationFlags(propagation) });
  await privateParentMount(kernel, rootfs, propagation, q);
  mount({ source: rootfs, target: rootfs, flags: ['bind', 'rec'] });

  let devIsTmpfs = false;
  for (const m of spec.mounts ?? []) {
    await mountOne(kernel, rootfs, m, q);
    if (m.destination === '/dev' && m.type === 'tmpfs') devIsTmpfs = true;
  }
  if (devIsTmpfs) createDevices(kernel, rootfs, [...DEFAULT_DEVICES, ...(spec.linux?.devices ?? [])], q);

  // pivot_root(".", ".") stacks the old root on the new one; unmounting "."
  // then removes the old root without needing a directory for it.
  q.add({ call: 'chdir', args: [rootfs, within] });
  q.add({ call: 'pivotRoot', args: ['.', '.', within] });
  // The old root still holds copies of the host's shared mounts (here /run/netns),
  // in the host's peer groups unless the propagation above was recursive: made
  // slaves first, so dropping them cannot unmount anything on the host (runc does the same).
  mount({ source: '', target: '.', flags: ['slave', 'rec'] });
  q.add({ call: 'umount', args: ['.', { detach: true, ...within }] });
  q.add({ call: 'chdir', args: ['/', within] });
  // Again on the new root: set before pivot_root it reached the old root only (and, shared, would have reached the host).
  mount({ source: '', target: '/', flags: propagationFlags(propagation) });

  await maskPaths(spec.linux?.maskedPaths ?? [], q);
  const readonly = spec.linux?.readonlyPaths ?? [];
  if (readonly.length) {
    const types = await lookupTypes(readonly, q);
    // Read once, after the masks: the mounts below each path now are the ones its recursive bind copies.
    const table = await kernel.mountTable(within.init.pid);
    for (const [i, path] of readonly.entries()) if (types[i] !== null) readonlyPath(path, table, q);
  }
  for (const [key, value] of Object.entries(spec.linux?.sysctl ?? {})) {
    q.add({ call: 'writeFile', args: [`/proc/sys/${key.replace(/\./g, '/')}`, value, within] });
  }
  if (spec.root.readonly) mount({ source: '/', target: '/', flags: ['bind', 'remount', 'rdonly'] });
}

/**
 * pivot_root refuses (EINVAL) when the mount the new root sits on is shared,
 * which rootfsPropagation "shared" makes it, and a bind mount under a shared
 * parent would propagate back to the host; "unbindable" refuses the bind
 * itself. As runc does, that one mount is made private in the container's
 * mount namespace. Only a non-recursive propagation can leave it so: the
 * default rslave (and rprivate) costs no look at the mount table.
 */
async function privateParentMount(kernel: Kernel, rootfs: string, propagation: string, q: InitQueue): Promise<void> {
  if (propagation === 'rslave' || propagation === 'rprivate') return;
  await q.flush();
  const holds = (m: MountInfo): boolean => m.mountPoint === '/' || rootfs === m.mountPoint || rootfs.startsWith(`${m.mountPoint}/`);
  const parent = (await kernel.mountTable(q.within.init.pid)).filter(holds).sort((a, b) => b.mountPoint.length - a.mountPoint.length)[0];
  if (parent?.propagation.some((p) => p.startsWith('shared:') || p === 'unbindable')) q.add({ call: 'mount', args: [{ source: '', target: parent.mountPoint, flags: ['private'] }, q.within] });
}

/** The type of each path as the init sees it after what is queued: one batch for all of them. */
async function lookupTypes(paths: readonly string[], q: InitQueue): Promise<(FileStat['type'] | null)[]> {
  const types = paths.map((path) => q.later({ call: 'lookupType', args: [path, q.within] }));
  await q.flush();
  return Promise.all(types);
}
function propagationFlags(p: string): MountFlag[] {
  const rec = p.startsWith('r');
  const kind = (rec ? p.slice(1) : p) as 'private' | 'slave' | 'shared' | 'unbindable';
  return rec ? [kind, 'rec'] : [kind];
}

async function mountOne(kernel: Kernel, rootfs: string, m: Mount, q: InitQueue): Promise<void> {
  const within = q.within;
  const target = await resolveInRoot(kernel, rootfs, m.destination);
  const opts = parseMountOptions(m.options);
  const source = m.source ?? m.type ?? 'none';

  if (m.type === 'cgroup' || m.type === 'cgroup2') {
    await mountCgroups(kernel, target, opts.readonly, q);
    return;
  }
  const sourceIsFile = opts.bind && (await kernel.stat(source).then((s) => s.type !== 'dir', () => false));
  if (sourceIsFile) {
    if ((await q.result({ call: 'lookupType', args: [target, within] })) === null) q.add({ call: 'writeFile', args: [target, '', within] });
  } else {
    q.add({ call: 'mkdir', args: [target, { recursive: true, mode: 0o755, ...within }] });
  }

  const flags = opts.flags.filter((f) => !(opts.bind && f === 'rdonly'));
  q.add({ call: 'mount', args: [{ source, target, fstype: opts.bind ? undefined : m.type, flags, data: opts.data || undefined }, within] }, {
    // sysfs cannot be mounted while the container shares the host's network
    // namespace: bind the host's /sys instead, as runc does.
    onError: async (e) => {
      if (m.type !== 'sysfs' || e.errnoCode !== 'EPERM') throw e;
      await kernel.mount({ source: '/sys', target, flags: ['bind', 'rec'] }, within);
    },
  });
  // A bind mount ignores flags on creation: read-only takes a remount.
  if (opts.bind && opts.readonly) {
    q.add({ call: 'mount', args: [{ source: '', target, flags: ['bind', 'remount', 'rdonly', ...opts.flags.filter((f) => f === 'nosuid' || f === 'nodev' || f === 'noexec')] }, within] });
  }
  if (opts.propagation.length) q.add({ call: 'mount', args: [{ source: '', target, flags: opts.propagation }, within] });
}

/**
 * /sys/fs/cgroup inside the container: one cgroup2 mount on a v2 host; on a
 * v1 (or hybrid) host a tmpfs holding one mount per v1 hierarchy. Inside a
 * cgroup namespace each shows the container's own cgroup as its root.
 */
async function mountCgroups(kernel: Kernel, target: string, readonly: boolean, q: InitQueue): Promise<void> {
  const within = q.within;
  const mount = (m: MountSpec) => q.add({ call: 'mount', args: [m, within] });
  const ro: MountFlag[] = readonly ? ['rdonly'] : [];
  const base: MountFlag[] = ['nosuid', 'nodev', 'noexec', 'relatime'];
  const layout = cgroupLayout(await kernel.mountTable(), () => []);
  q.add({ call: 'mkdir', args: [target, { recursive: true, mode: 0o755, ...within }] });
  if (layout.kind === 'v2') {
    mount({ source: 'cgroup2', target, fstype: 'cgroup2', flags: [...base, ...ro] });
    return;
  }
  mount({ source: 'tmpfs', target, fstype: 'tmpfs', flags: base, data: 'mode=755' });
  for (const h of layout.hierarchies.filter((x) => x.version === 1)) {
    const name = h.mountPoint.slice(h.mountPoint.lastIndexOf('/') + 1);
    const dir = `${target}/${name}`;
    q.add({ call: 'mkdir', args: [dir, { mode: 0o755, ...within }] });
    mount({ source: 'cgroup', target: dir, fstype: 'cgroup', flags: [...base, ...ro], data: h.controllers.join(',') });
  }
  if (readonly) mount({ source: '', target, flags: ['bind', 'remount', 'rdonly', ...base] });
}

/**
 * A masked directory becomes an empty read-only tmpfs; a masked file shows
 * /dev/null. The paths are looked up together, except one below another
 * masked path: masking the upper one decides whether it is still there.
 */
async function maskPaths(paths: readonly string[], q: InitQueue): Promise<void> {
  const nested = (p: string) => paths.some((other) => other !== p && p.startsWith(`${other}/`));
  const together = paths.filter((p) => !nested(p));
  const types = await lookupTypes(together, q);
  for (const [i, path] of together.entries()) maskOne(path, types[i] ?? null, q);
  for (const path of paths.filter(nested)) maskOne(path, await q.result({ call: 'lookupType', args: [path, q.within] }), q);
}

function maskOne(path: string, type: FileStat['type'] | null, q: InitQueue): void {
  if (type === null) return;
  const spec: MountSpec = type === 'dir'
    ? { source: 'tmpfs', target: path, fstype: 'tmpfs', flags: ['rdonly'], data: 'size=0' }
    : { source: '/dev/null', target: path, flags: ['bind'] };
  q.add({ call: 'mount', args: [spec, q.within] });
}

/**
 * Read-only all the way down. A bind remount changes one mount only (MS_REC
 * does not reach submounts), so each mount below the path is remounted
 * read-only too, keeping its own nosuid/nodev/noexec — what Docker's
 * recursive read-only does with mount_setattr(AT_RECURSIVE) in one call.
 */
function readonlyPath(path: string, table: readonly MountInfo[], q: InitQueue): void {
  const mount = (m: MountSpec) => q.add({ call: 'mount', args: [m, q.within] });
  mount({ source: path, target: path, flags: ['bind', 'rec'] });
  mount({ source: path, target: path, flags: ['bind', 'remount', 'rdonly', 'rec', 'nosuid', 'nodev', 'noexec'] });
  const below = new Map(table.filter((m) => m.mountPoint.startsWith(`${path}/`)).map((m) => [m.mountPoint, m.options]));
  for (const [point, options] of below) {
    const keep = (['nosuid', 'nodev', 'noexec'] as const).filter((f) => options.includes(f));
    mount({ source: point, target: point, flags: ['bind', 'remount', 'rdonly', ...keep] });
  }
}
