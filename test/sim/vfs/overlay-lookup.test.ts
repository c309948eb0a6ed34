import { describe, expect, it } from 'vitest';
import { errnoOf } from './sim-helpers.js';
import { overlayFixture } from './overlay-fixture.js';

describe('overlayfs lookups and listings (simulated)', () => {
  it('reads each name from the topmost layer that has it', () => {
    const { v, merged, upper } = overlayFixture();
    expect(v.readText(`${merged}/a`)).toBe('top-a');
    expect(v.readText(`${merged}/b`)).toBe('mid-b');
    expect(v.readText(`${merged}/c`)).toBe('bot-c');
    v.writeFile(`${upper}/c`, 'upper-c');
    expect(v.readText(`${merged}/c`)).toBe('upper-c');
  });

  it('hides a name whited out in a higher layer, and a file under a directory of the same name', () => {
    const { v, merged } = overlayFixture();
    expect(errnoOf(() => v.stat(`${merged}/gone`))).toBe('ENOENT');
    expect(v.stat(`${merged}/shadowed`).type).toBe('dir');
  });

  it('merges directory listings across layers without whiteouts or duplicates', () => {
    const { v, merged } = overlayFixture();
    expect(v.readdir(merged).map((e) => e.name).sort()).toEqual(['a', 'b', 'c', 'deep', 'etc', 'opaquedir', 'shadowed']);
    expect(v.readdir(`${merged}/etc`).map((e) => e.name).sort()).toEqual(['conf', 'l2file', 'l3file']);
    expect(v.readdir(merged).find((e) => e.name === 'shadowed')?.type).toBe('dir');
  });

  it('stops merging at an opaque directory', () => {
    const { v, merged } = overlayFixture();
    expect(v.readdir(`${merged}/opaquedir`).map((e) => e.name)).toEqual(['only-l2']);
    expect(errnoOf(() => v.stat(`${merged}/opaquedir/hidden`))).toBe('ENOENT');
  });

  it('keeps its own bookkeeping xattrs out of sight through the merged view', () => {
    const { v, merged, base } = overlayFixture();
    expect(v.listxattr(`${base}/l2/opaquedir`)).toContain('trusted.overlay.opaque');
    expect(v.listxattr(`${merged}/opaquedir`)).toEqual([]);
    expect(errnoOf(() => v.getxattr(`${merged}/opaquedir`, 'trusted.overlay.opaque'))).toBe('ENODATA');
  });

  it('reports the overlay’s st_dev and the real st_ino when all layers share a filesystem, and nlink 1 for merged directories', () => {
    const { v, merged, base } = overlayFixture();
    const ovlDev = v.stat(merged).dev;
    expect(ovlDev).not.toBe(v.stat(base).dev);
    expect(v.stat(`${merged}/a`)).toMatchObject({ dev: ovlDev, ino: v.stat(`${base}/l1/a`).ino });
    expect(v.stat(`${merged}/c`).ino).toBe(v.stat(`${base}/l3/c`).ino);
    expect(v.stat(merged).ino).toBe(v.stat(`${base}/upper`).ino);
    expect(v.stat(`${merged}/etc`).nlink).toBe(1);
    expect(v.stat(`${merged}/opaquedir`).nlink).toBe(2);
  });

  it('gives directories the overlay’s st_dev but non-directories a per-layer device when layers live on different filesystems', () => {
    const { v, base } = overlayFixture();
    v.mkdir('/t');
    v.mount({ source: 't', target: '/t', fstype: 'tmpfs' });
    v.mkdir('/t/u');
    v.mkdir('/t/w');
    v.mkdir('/m');
    v.writeFile('/t/u/uf', 'u');
    v.mount({ source: 'overlay', target: '/m', fstype: 'overlay', data: `lowerdir=${base}/l3,upperdir=/t/u,workdir=/t/w` });
    const ovl = v.stat('/m').dev;
    expect(v.stat('/m/deep').dev).toBe(ovl);
    expect(v.stat('/m/c').dev).not.toBe(ovl);
    expect(v.stat('/m/uf').dev).not.toBe(ovl);
    expect(v.stat('/m/c').dev).not.toBe(v.stat('/m/uf').dev);
    expect(v.stat('/m/c').ino).toBe(v.stat(`${base}/l3/c`).ino);
  });

  it('shows up in the mount table with its layers, and leaves an empty work/ dir in the workdir', () => {
    const { v, merged, base } = overlayFixture();
    const entry = v.mountTable().find((m) => m.mountPoint === merged);
    expect(entry).toMatchObject({
      fstype: 'overlay', source: 'overlay', root: '/', options: ['rw', 'relatime'],
      superOptions: ['rw', `lowerdir=${base}/l1:${base}/l2:${base}/l3`, `upperdir=${base}/upper`, `workdir=${base}/work`, 'uuid=on'],
    });
    expect(v.readdir(`${base}/work`)).toEqual([{ name: 'work', type: 'dir' }]);
    expect(v.stat(`${base}/work/work`)).toMatchObject({ mode: 0, uid: 0 });
  });

  it('refuses bad layer options the way the kernel does', () => {
    const { v, base } = overlayFixture();
    v.mkdir('/m2');
    const mount = (data: string) => () => v.mount({ source: 'overlay', target: '/m2', fstype: 'overlay', data });
    expect(errnoOf(mount(`upperdir=${base}/upper,workdir=${base}/work`))).toBe('EINVAL');
    expect(errnoOf(mount(`lowerdir=${base}/l1,upperdir=${base}/upper`))).toBe('EINVAL');
    expect(errnoOf(mount(`lowerdir=${base}/nope`))).toBe('ENOENT');
    expect(errnoOf(mount(`lowerdir=${base}/l1/a`))).toBe('ENOTDIR');
    v.mkdir(`${base}/upper/w`);
    expect(errnoOf(mount(`lowerdir=${base}/l1,upperdir=${base}/upper,workdir=${base}/upper/w`))).toBe('EINVAL');
    expect(errnoOf(mount(`lowerdir=${base}/l1,redirect_dir=on`))).toBe('EINVAL');
    expect(errnoOf(mount(`lowerdir=${base}/l1,bogus=1`))).toBe('EINVAL');
    v.mkdir('/other');
    v.mount({ source: 'o', target: '/other', fstype: 'tmpfs' });
    expect(errnoOf(mount(`lowerdir=${base}/l1,upperdir=${base}/upper,workdir=/other`))).toBe('EINVAL');
  });

  it('is read-only without an upper layer, and then needs two lower layers', () => {
    const { v, base } = overlayFixture();
    v.mkdir('/ro');
    expect(errnoOf(() => v.mount({ source: 'overlay', target: '/ro', fstype: 'overlay', data: `lowerdir=${base}/l1` }))).toBe('EINVAL');
    v.mount({ source: 'overlay', target: '/ro', fstype: 'overlay', data: `lowerdir=${base}/l1:${base}/l2` });
    expect(v.readText('/ro/b')).toBe('mid-b');
    expect(errnoOf(() => v.writeFile('/ro/a', 'x'))).toBe('EROFS');
    // The superblock is read-only; the mount itself is not.
    expect(v.mountTable().find((m) => m.mountPoint === '/ro')).toMatchObject({
      options: ['rw', 'relatime'], superOptions: ['ro', `lowerdir=${base}/l1:${base}/l2`, 'redirect_dir=on'],
    });
  });

  it('refuses an upper layer on a read-only mount with EINVAL', () => {
    const { v, base } = overlayFixture();
    v.mkdir('/t');
    v.mount({ source: 't', target: '/t', fstype: 'tmpfs' });
    v.mkdir('/t/u');
    v.mkdir('/t/w');
    v.mount({ source: '/t', target: '/t', flags: ['bind'] });
    v.mount({ source: '', target: '/t', flags: ['bind', 'remount', 'rdonly'] });
    v.mkdir('/m');
    expect(errnoOf(() => v.mount({ source: 'overlay', target: '/m', fstype: 'overlay', data: `lowerdir=${base}/l1,upperdir=/t/u,workdir=/t/w` }))).toBe('EINVAL');
  });
});
