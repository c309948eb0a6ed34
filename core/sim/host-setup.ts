import { cgroupV1Factory, cgroupV2Factory } from './cgroup/cgroup-fs.js';
import type { Machine } from './machine.js';
import { procFactory } from './proc/procfs.js';
import { sysfsFactory } from './proc/sysfs.js';
import { fail, MemFs } from './vfs/index.js';

/** Registers the filesystem types and device drivers a Linux host has. */
export function registerKernelTypes(m: Machine): void {
  const vfs = m.vfs;
  vfs.registerType('proc', procFactory(m));
  vfs.registerType('sysfs', sysfsFactory(m));
  const cg = {
    host: m, hierarchies: m.hierarchies, clock: () => m.now(), allocateDev: () => vfs.allocateAnonDev(),
    nsRoot: (h: (typeof m.hierarchies)[number]) => h.root.lookup(m.current.ns.cgroup.roots.get(h.id) ?? '/') ?? h.root,
  };
  vfs.registerType('cgroup', cgroupV1Factory(cg));
  vfs.registerType('cgroup2', cgroupV2Factory(cg));
  const memLike = (fstype: string, mode = 0o755) => (req: { source: string; readOnly: boolean }) =>
    new MemFs({ dev: vfs.allocateAnonDev(), fstype, source: req.source || fstype, clock: vfs.clock, rootMode: mode, readOnly: req.readOnly });
  vfs.registerType('devpts', (req) => {
    const fs = memLike('devpts')(req);
    fs.create(fs.root(), 'ptmx', { type: 'char', mode: 0o666, uid: 0, gid: 0, rdev: 5 * 256 + 2 });
    return fs;
  });
  vfs.registerType('mqueue', memLike('mqueue', 0o1777));
  vfs.registerType('devtmpfs', memLike('devtmpfs'));

  const zeros = (): Uint8Array => new Uint8Array(4096);
  vfs.devices.register(1, 5, { read: zeros, write: () => {} });
  vfs.devices.register(1, 7, { read: zeros, write: () => fail('ENOSPC') });
  vfs.devices.register(1, 8, { read: () => vfs.random.bytes(512), write: () => {} });
  vfs.devices.register(1, 9, { read: () => vfs.random.bytes(512), write: () => {} });
}

/** The host's own mounts after boot: /proc, /sys with the cgroup hierarchies, /dev. */
export function mountHostFilesystems(m: Machine): void {
  const v = m.hostView();
  m.as(m.hostInit, () => {
    v.mount({ source: 'proc', target: '/proc', fstype: 'proc', flags: ['nosuid', 'nodev', 'noexec', 'relatime'] });
    v.mount({ source: 'sysfs', target: '/sys', fstype: 'sysfs', flags: ['nosuid', 'nodev', 'noexec', 'relatime'] });
    const cg = '/sys/fs/cgroup';
    const flags = ['nosuid', 'nodev', 'noexec', 'relatime'] as const;
    const v2Only = m.hierarchies.every((h) => h.version === 2);
    if (v2Only) {
      v.mount({ source: 'cgroup2', target: cg, fstype: 'cgroup2', flags: [...flags] });
    } else {
      v.mount({ source: 'tmpfs', target: cg, fstype: 'tmpfs', flags: ['rdonly', 'nosuid', 'nodev', 'noexec'], data: 'size=4096k,nr_inodes=1024,mode=755' });
      v.mount({ source: '', target: cg, flags: ['remount', 'nosuid', 'nodev', 'noexec'] });
      for (const h of m.hierarchies) {
        const dir = `${cg}/${h.name}`;
        v.mkdir(dir, { mode: 0o555 });
        if (h.version === 2) v.mount({ source: 'cgroup2', target: dir, fstype: 'cgroup2', flags: [...flags] });
        else v.mount({ source: 'cgroup', target: dir, fstype: 'cgroup', flags: [...flags], data: h.controllers.join(',') });
        // cpu and cpuacct share a hierarchy; the usual names lead to it.
        if (h.controllers.length > 1) for (const c of h.controllers) v.symlink(h.name, `${cg}/${c}`);
      }
      v.mount({ source: '', target: cg, flags: ['remount', 'rdonly', 'nosuid', 'nodev', 'noexec'] });
    }
    v.mount({ source: 'udev', target: '/dev', fstype: 'devtmpfs', flags: ['nosuid', 'relatime'], data: 'mode=755' });
    for (const [name, maj, min] of [['null', 1, 3], ['zero', 1, 5], ['full', 1, 7], ['random', 1, 8], ['urandom', 1, 9], ['tty', 5, 0], ['console', 5, 1]] as const) {
      v.mknod(`/dev/${name}`, 'char', 0o666, maj, min);
    }
    v.mkdir('/dev/pts');
    v.mount({ source: 'devpts', target: '/dev/pts', fstype: 'devpts', flags: ['nosuid', 'noexec', 'relatime'] });
    v.mkdir('/dev/shm');
    v.mount({ source: 'tmpfs', target: '/dev/shm', fstype: 'tmpfs', flags: ['nosuid', 'nodev'] });
    v.mkdir('/run/netns', { recursive: true });
  });
}
