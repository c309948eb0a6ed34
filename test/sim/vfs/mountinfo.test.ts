import { describe, expect, it } from 'vitest';
import { parseMountInfo } from '../../../core/kernel/mountinfo.js';
import { boot } from './sim-helpers.js';

describe('the simulated mount table', () => {
  it('has the MountInfo shape, with the root mounted on an unlisted rootfs', () => {
    const { init: v } = boot();
    const [root, ...rest] = v.mountTable();
    expect(rest).toEqual([]);
    expect(root).toEqual({
      id: expect.any(Number), parentId: 1, root: '/', mountPoint: '/', options: ['rw', 'relatime'],
      propagation: [], fstype: 'ext4', source: '/dev/vda', superOptions: ['rw'],
    });
    expect(root!.id).not.toBe(1);
  });

  it('prints text that parseMountInfo reads back into exactly mountTable()', () => {
    const { init: v } = boot();
    v.mkdir('/mnt/with space', { recursive: true });
    v.mount({ source: 'tmpfs', target: '/mnt/with space', fstype: 'tmpfs', flags: ['nosuid', 'nodev', 'noexec'], data: 'mode=700' });
    v.mkdir('/b');
    v.mount({ source: '/etc', target: '/b', flags: ['bind'] });
    v.mount({ source: '', target: '/b', flags: ['shared'] });
    const text = v.mountInfoText();
    expect(text).toMatch(/^\d+ 1 254:0 \/ \/ rw,relatime - ext4 \/dev\/vda rw\n/);
    expect(text).toContain(' /mnt/with\\040space rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,mode=700\n');
    expect(text).toMatch(/ 254:0 \/etc \/b rw,relatime shared:\d+ - ext4 \/dev\/vda rw\n/);
    expect(parseMountInfo(text)).toEqual(v.mountTable());
  });

  it('lists mounts in the order they were made, each naming its parent', () => {
    const { init: v } = boot();
    v.mkdir('/a');
    v.mount({ source: 'a', target: '/a', fstype: 'tmpfs' });
    v.mkdir('/a/b');
    v.mount({ source: 'b', target: '/a/b', fstype: 'tmpfs' });
    const [root, a, b] = v.mountTable();
    expect([root?.mountPoint, a?.mountPoint, b?.mountPoint]).toEqual(['/', '/a', '/a/b']);
    expect(a?.parentId).toBe(root?.id);
    expect(b?.parentId).toBe(a?.id);
  });

  it('hides mounts outside a chroot and shows the others relative to it', () => {
    const { init: v } = boot();
    v.mkdir('/jail/proc', { recursive: true });
    v.mkdir('/outside');
    v.mount({ source: 'o', target: '/outside', fstype: 'tmpfs' });
    v.mount({ source: 'p', target: '/jail/proc', fstype: 'tmpfs' });
    const p = v.fork();
    p.chroot('/jail');
    expect(p.mountTable().map((m) => m.mountPoint)).toEqual(['/proc']);
  });

  it('shows shared peer groups, and propagates mounts between peers but not back from slaves', () => {
    const { init: host } = boot();
    host.mkdir('/shared');
    host.mount({ source: 'sh', target: '/shared', fstype: 'tmpfs' });
    host.mount({ source: '', target: '/shared', flags: ['shared'] });
    const peer = host.fork();
    peer.unshareMounts();
    const slave = host.fork();
    slave.unshareMounts();
    slave.mount({ source: '', target: '/shared', flags: ['slave'] });
    const hostEntry = host.mountTable().find((m) => m.mountPoint === '/shared');
    const group = hostEntry?.propagation[0];
    expect(group).toMatch(/^shared:\d+$/);
    expect(peer.mountTable().find((m) => m.mountPoint === '/shared')?.propagation).toEqual([group]);
    expect(slave.mountTable().find((m) => m.mountPoint === '/shared')?.propagation).toEqual([group!.replace('shared', 'master')]);

    host.mkdir('/shared/new');
    host.mount({ source: 'late', target: '/shared/new', fstype: 'tmpfs' });
    host.writeFile('/shared/new/file', 'propagated');
    expect(peer.readText('/shared/new/file')).toBe('propagated');
    expect(slave.readText('/shared/new/file')).toBe('propagated');

    slave.mkdir('/shared/from-slave');
    slave.mount({ source: 'x', target: '/shared/from-slave', fstype: 'tmpfs' });
    slave.writeFile('/shared/from-slave/f', '');
    expect(host.exists('/shared/from-slave/f')).toBe(false);

    host.umount('/shared/new');
    expect(peer.mountTable().some((m) => m.mountPoint === '/shared/new')).toBe(false);
    expect(slave.mountTable().some((m) => m.mountPoint === '/shared/new')).toBe(false);
  });

  it('stops propagating once a namespace makes its mounts private', () => {
    const { init: host } = boot();
    host.mount({ source: '', target: '/', flags: ['shared', 'rec'] });
    const c = host.fork();
    c.unshareMounts();
    c.mount({ source: '', target: '/', flags: ['private', 'rec'] });
    host.mkdir('/late');
    host.mount({ source: 'late', target: '/late', fstype: 'tmpfs' });
    expect(c.mountTable().some((m) => m.mountPoint === '/late')).toBe(false);
    expect(c.mountTable()[0]?.propagation).toEqual([]);
  });

  it('propagates between peers in one namespace: a bind of a shared mount sees later mounts under it', () => {
    const { init: v } = boot();
    v.mkdir('/a');
    v.mkdir('/b');
    v.mount({ source: 'a', target: '/a', fstype: 'tmpfs' });
    v.mount({ source: '', target: '/a', flags: ['shared'] });
    v.mount({ source: '/a', target: '/b', flags: ['bind'] });
    v.mkdir('/a/x');
    v.mount({ source: 'x', target: '/a/x', fstype: 'tmpfs' });
    v.writeFile('/a/x/f', 'once');
    expect(v.readText('/b/x/f')).toBe('once');
    const [ax, bx] = [v.mountTable().find((m) => m.mountPoint === '/a/x'), v.mountTable().find((m) => m.mountPoint === '/b/x')];
    expect(ax?.propagation).toEqual(bx?.propagation);
    expect(ax?.propagation[0]).toMatch(/^shared:\d+$/);
  });
});
