import type { InInit, Kernel } from '../kernel/kernel.js';
import type { MountFlag, MountInfo } from '../kernel/types.js';
import { cgroupLayout } from './cgroups/layout.js';
import { createDevices } from './devices.js';
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
 */
export async function setupRootfs(kernel: Kernel, spec: Spec, rootfs: string, within: InInit): Promise<void> {
  const propagation = spec.linux?.rootfsPropagation ?? 'rslave';
  await kernel.mount({ source: '', target: '/', flags: propagationFlags(propagation) }, within);
  await privateParentMount(kernel, rootfs, within);
  await kernel.mount({ source: rootfs, target: rootfs, flags: ['bind', 'rec'] }, within);

  let devIsTmpfs = false;
  for (const m of spec.mounts ?? []) {
    await mountOne(kernel, rootfs, m, within);
    if (m.destination === '/dev' && m.type === 'tmpfs') devIsTmpfs = true;
  }
  if (devIsTmpfs) await createDevices(kernel, rootfs, [...DEFAULT_DEVICES, ...(spec.linux?.devices ?? [])], within);

  // pivot_root(".", ".") stacks the old root on the new one; unmounting "."
  // then removes the old root without needing a directory for it.
  await kernel.chdir(rootfs, within);
  await kernel.pivotRoot('.', '.', within);
  // The old root still holds copies of the host's shared mounts (here /run/netns),
  // in the host's peer groups unless the propagation above was recursive: made
  // slaves first, so dropping them cannot unmount anything on the host (runc does the same).
  await kernel.mount({ source: '', target: '.', flags: ['slave', 'rec'] }, within);
  await kernel.umount('.', { detach: true, ...within });
  await kernel.chdir('/', within);
  // Again on the new root: set before pivot_root it reached the old root only (and, shared, would have reached the host).
  await kernel.mount({ source: '', target: '/', flags: propagationFlags(propagation) }, within);

  for (const path of spec.linux?.maskedPaths ?? []) await maskPath(kernel, path, within);
  if (spec.linux?.readonlyPaths?.length) {
    // Read once: the mounts below each path now are the ones its recursive bind copies.
    const table = await kernel.mountTable(within.init.pid);
    for (const path of spec.linux.readonlyPaths) await readonlyPath(kernel, path, table, within);
  }
  for (const [key, value] of Object.entries(spec.linux?.sysctl ?? {})) {
    await kernel.writeFile(`/proc/sys/${key.replace(/\./g, '/')}`, value, within);
  }
  if (spec.root.readonly) {
    await kernel.mount({ source: '/', target: '/', flags: ['bind', 'remount', 'rdonly'] }, within);
  }
}

/**
 * pivot_root refuses (EINVAL) when the mount the new root sits on is shared,
 * which rootfsPropagation "shared" makes it, and a bind mount under a shared
 * parent would propagate back to the host; "unbindable" refuses the bind
 * itself. As runc does, that one mount is made private in the container's
 * mount namespace.
 */
async function privateParentMount(kernel: Kernel, rootfs: string, within: InInit): Promise<void> {
  const holds = (m: MountInfo): boolean => m.mountPoint === '/' || rootfs === m.mountPoint || rootfs.startsWith(`${m.mountPoint}/`);
  const parent = (await kernel.mountTable(within.init.pid)).filter(holds).sort((a, b) => b.mountPoint.length - a.mountPoint.length)[0];
  if (parent?.propagation.some((p) => p.startsWith('shared:') || p === 'unbindable')) await kernel.mount({ source: '', target: parent.mountPoint, flags: ['private'] }, within);
}

function propagationFlags(p: string): MountFlag[] {
  const rec = p.startsWith('r');
  const kind = (rec ? p.slice(1) : p) as 'private' | 'slave' | 'shared' | 'unbindable';
  return rec ? [kind, 'rec'] : [kind];
}

async function mountOne(kernel: Kernel, rootfs: string, m: Mount, within: InInit): Promise<void> {
  const target = await resolveInRoot(kernel, rootfs, m.destination);
  const opts = parseMountOptions(m.options);
  const source = m.source ?? m.type ?? 'none';

  if (m.type === 'cgroup' || m.type === 'cgroup2') {
    await mountCgroups(kernel, target, opts.readonly, within);
    return;
  }
  const sourceIsFile = opts.bind && (await kernel.stat(source).then((s) => s.type !== 'dir', () => false));
  if (sourceIsFile) {
    if ((await kernel.lookupType(target, within)) === null) await kernel.writeFile(target, '', within);
  } else {
    await kernel.mkdir(target, { recursive: true, mode: 0o755, ...within });
  }

  const flags = opts.flags.filter((f) => !(opts.bind && f === 'rdonly'));
  try {
    await kernel.mount({ source, target, fstype: opts.bind ? undefined : m.type, flags, data: opts.data || undefined }, within);
  } catch (e) {
    // sysfs cannot be mounted while the container shares the host's network
    // namespace: bind the host's /sys instead, as runc does.
    if (m.type !== 'sysfs' || (e as { errnoCode?: string }).errnoCode !== 'EPERM') throw e;
    await kernel.mount({ source: '/sys', target, flags: ['bind', 'rec'] }, within);
  }
  // A bind mount ignores flags on creation: read-only takes a remount.
  if (opts.bind && opts.readonly) {
    await kernel.mount({ source: '', target, flags: ['bind', 'remount', 'rdonly', ...opts.flags.filter((f) => f === 'nosuid' || f === 'nodev' || f === 'noexec')] }, within);
  }
  if (opts.propagation.length) await kernel.mount({ source: '', target, flags: opts.propagation }, within);
}

/**
 * /sys/fs/cgroup inside the container: one cgroup2 mount on a v2 host; on a
 * v1 (or hybrid) host a tmpfs holding one mount per v1 hierarchy. Inside a
 * cgroup namespace each shows the container's own cgroup as its root.
 */
async function mountCgroups(kernel: Kernel, target: string, readonly: boolean, within: InInit): Promise<void> {
  const ro: MountFlag[] = readonly ? ['rdonly'] : [];
  const base: MountFlag[] = ['nosuid', 'nodev', 'noexec', 'relatime'];
  const layout = cgroupLayout(await kernel.mountTable(), () => []);
  await kernel.mkdir(target, { recursive: true, mode: 0o755, ...within });
  if (layout.kind === 'v2') {
    await kernel.mount({ source: 'cgroup2', target, fstype: 'cgroup2', flags: [...base, ...ro] }, within);
    return;
  }
  await kernel.mount({ source: 'tmpfs', target, fstype: 'tmpfs', flags: base, data: 'mode=755' }, within);
  for (const h of layout.hierarchies.filter((x) => x.version === 1)) {
    const name = h.mountPoint.slice(h.mountPoint.lastIndexOf('/') + 1);
    const dir = `${target}/${name}`;
    await kernel.mkdir(dir, { mode: 0o755, ...within });
    await kernel.mount({ source: 'cgroup', target: dir, fstype: 'cgroup', flags: [...base, ...ro], data: h.controllers.join(',') }, within);
  }
  if (readonly) await kernel.mount({ source: '', target, flags: ['bind', 'remount', 'rdonly', ...base] }, within);
}

/** A masked directory becomes an empty read-only tmpfs; a masked file shows /dev/null. */
async function maskPath(kernel: Kernel, path: string, within: InInit): Promise<void> {
  const type = await kernel.lookupType(path, within);
  if (type === null) return;
  if (type === 'dir') await kernel.mount({ source: 'tmpfs', target: path, fstype: 'tmpfs', flags: ['rdonly'], data: 'size=0' }, within);
  else await kernel.mount({ source: '/dev/null', target: path, flags: ['bind'] }, within);
}

/**
 * Read-only all the way down. A bind remount changes one mount only (MS_REC
 * does not reach submounts), so each mount below the path is remounted
 * read-only too, keeping its own nosuid/nodev/noexec — what Docker's
 * recursive read-only does with mount_setattr(AT_RECURSIVE) in one call.
 */
async function readonlyPath(kernel: Kernel, path: string, table: readonly MountInfo[], within: InInit): Promise<void> {
  if ((await kernel.lookupType(path, within)) === null) return;
  await kernel.mount({ source: path, target: path, flags: ['bind', 'rec'] }, within);
  await kernel.mount({ source: path, target: path, flags: ['bind', 'remount', 'rdonly', 'rec', 'nosuid', 'nodev', 'noexec'] }, within);
  const below = new Map(table.filter((m) => m.mountPoint.startsWith(`${path}/`)).map((m) => [m.mountPoint, m.options]));
  for (const [point, options] of below) {
    const keep = (['nosuid', 'nodev', 'noexec'] as const).filter((f) => options.includes(f));
    await kernel.mount({ source: point, target: point, flags: ['bind', 'remount', 'rdonly', ...keep] }, within);
  }
}
