import { describe, expect, it } from 'vitest';
import type { FsView } from '../../../core/sim/vfs/index.js';
import { boot, errnoOf, kernelErrorOf } from './sim-helpers.js';

/** A container-style rootfs under /rootfs in a fresh private namespace. */
function containerView(): { host: FsView; c: FsView } {
  const { init: host } = boot();
  host.mkdir('/rootfs/etc', { recursive: true });
  host.mkdir('/rootfs/old');
  host.writeFile('/rootfs/etc/os-release', 'ID=alpine');
  const c = host.fork();
  c.unshareMounts();
  return { host, c };
}

describe('simulated pivot_root', () => {
  it('refuses a new root on the same mount as the current root with EBUSY, before asking whether it is a mount point', () => {
    const { c } = containerView();
    const e = kernelErrorOf(() => c.pivotRoot('/rootfs', '/rootfs/old'));
    expect(e.message).toBe('pivot_root(/rootfs, /rootfs/old): EBUSY');
    expect(errnoOf(() => c.pivotRoot('/', '/rootfs'))).toBe('EBUSY');
  });

  it('refuses a new root that is not itself a mount point with EINVAL', () => {
    const { c } = containerView();
    c.mkdir('/t');
    c.mount({ source: 't', target: '/t', fstype: 'tmpfs' });
    c.mkdir('/t/newroot/old', { recursive: true });
    expect(errnoOf(() => c.pivotRoot('/t/newroot', '/t/newroot/old'))).toBe('EINVAL');
  });

  it('refuses a put_old that is not under the new root with EINVAL', () => {
    const { c } = containerView();
    c.mount({ source: '/rootfs', target: '/rootfs', flags: ['bind', 'rec'] });
    c.mkdir('/elsewhere');
    expect(errnoOf(() => c.pivotRoot('/rootfs', '/elsewhere'))).toBe('EBUSY');
    c.mount({ source: 'e', target: '/elsewhere', fstype: 'tmpfs' });
    expect(errnoOf(() => c.pivotRoot('/rootfs', '/elsewhere'))).toBe('EINVAL');
  });

  it('refuses while the mounts involved are shared (EINVAL), as runtimes avoid with rslave/rprivate', () => {
    const { c } = containerView();
    c.mount({ source: '', target: '/', flags: ['shared', 'rec'] });
    c.mount({ source: '/rootfs', target: '/rootfs', flags: ['bind', 'rec'] });
    expect(errnoOf(() => c.pivotRoot('/rootfs', '/rootfs/old'))).toBe('EINVAL');
    c.mount({ source: '', target: '/', flags: ['private', 'rec'] });
    c.pivotRoot('/rootfs', '/rootfs/old');
    expect(c.readText('/etc/os-release')).toBe('ID=alpine');
  });

  it('refuses non-directories with ENOTDIR and non-root callers with EPERM', () => {
    const { c } = containerView();
    c.mount({ source: '/rootfs', target: '/rootfs', flags: ['bind', 'rec'] });
    expect(errnoOf(() => c.pivotRoot('/rootfs/etc/os-release', '/rootfs/old'))).toBe('ENOTDIR');
    expect(errnoOf(() => c.fork({ uid: 1, gid: 1, groups: [] }).pivotRoot('/rootfs', '/rootfs/old'))).toBe('EPERM');
  });

  it('swaps roots the way runc does: pivot_root(".", "."), then a lazy umount of "."', () => {
    const { host, c } = containerView();
    c.mount({ source: '/rootfs', target: '/rootfs', flags: ['bind', 'rec'] });
    c.chdir('/rootfs');
    c.pivotRoot('.', '.');
    // The old root now sits on top of the new one, and "." reaches it for umount.
    expect(c.mountTable().map((m) => m.mountPoint)).toEqual(['/', '/']);
    c.mount({ source: '', target: '.', flags: ['slave', 'rec'] });
    c.umount('.', { detach: true });
    c.chdir('/');
    expect(c.getcwd()).toBe('/');
    expect(c.readText('/etc/os-release')).toBe('ID=alpine');
    expect(c.exists('/rootfs')).toBe(false);
    const table = c.mountTable();
    expect(table).toHaveLength(1);
    expect(table[0]).toMatchObject({ mountPoint: '/', root: '/rootfs', fstype: 'ext4' });
    expect(host.mountTable().map((m) => m.mountPoint)).toEqual(['/']);
    expect(host.readText('/rootfs/etc/os-release')).toBe('ID=alpine');
  });

  it('hangs the old root on put_old when it is a separate directory', () => {
    const { c } = containerView();
    c.mount({ source: '/rootfs', target: '/rootfs', flags: ['bind', 'rec'] });
    c.pivotRoot('/rootfs', '/rootfs/old');
    expect(c.getcwd()).toBe('/');
    expect(c.exists('/old/rootfs/etc/os-release')).toBe(true);
    expect(c.mountTable().map((m) => m.mountPoint)).toEqual(['/old', '/']);
    c.umount('/old', { detach: true });
    expect(c.mountTable().map((m) => m.mountPoint)).toEqual(['/']);
  });
});
