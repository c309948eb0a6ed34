import { describe, expect, it } from 'vitest';
import { boot, errnoOf } from './sim-helpers.js';

describe('simulated mounts', () => {
  it('mounts a tmpfs over a directory, hiding what was there until it is unmounted', () => {
    const { init: v } = boot();
    v.mkdir('/mnt');
    v.writeFile('/mnt/underneath', 'old');
    v.mount({ source: 'dbktest', target: '/mnt', fstype: 'tmpfs', flags: ['nosuid', 'nodev'], data: 'size=1m,mode=755' });
    expect(v.readdir('/mnt')).toEqual([]);
    expect(v.stat('/mnt').mode).toBe(0o755);
    v.writeFile('/mnt/new', 'tmp');
    const entry = v.mountTable().find((m) => m.mountPoint === '/mnt');
    expect(entry).toMatchObject({ fstype: 'tmpfs', source: 'dbktest', options: ['rw', 'nosuid', 'nodev', 'relatime'], superOptions: ['rw', 'size=1024k', 'mode=755'] });
    v.umount('/mnt');
    expect(v.readText('/mnt/underneath')).toBe('old');
    expect(v.exists('/mnt/new')).toBe(false);
  });

  it('refuses an unknown filesystem type with ENODEV and a file as mount point with ENOTDIR', () => {
    const { init: v } = boot();
    v.mkdir('/bad');
    v.writeFile('/file', '');
    expect(v.stat('/bad').type).toBe('dir');
    expect(() => v.mount({ source: 'x', target: '/bad', fstype: 'no-such-fs' })).toThrow(/^mount\(no-such-fs → \/bad\): ENODEV$/);
    expect(errnoOf(() => v.mount({ source: 'x', target: '/file', fstype: 'tmpfs' }))).toBe('ENOTDIR');
    expect(errnoOf(() => v.mount({ source: 'x', target: '/missing', fstype: 'tmpfs' }))).toBe('ENOENT');
    expect(errnoOf(() => v.fork({ uid: 1000, gid: 1000, groups: [] }).mount({ source: 'x', target: '/bad', fstype: 'tmpfs' }))).toBe('EPERM');
  });

  it('stacks a second mount on the same place on top of the first', () => {
    const { init: v } = boot();
    v.mkdir('/m');
    v.mount({ source: 'first', target: '/m', fstype: 'tmpfs' });
    v.writeFile('/m/f', '1');
    v.mount({ source: 'second', target: '/m', fstype: 'tmpfs' });
    expect(v.exists('/m/f')).toBe(false);
    const [first, second] = v.mountTable().filter((m) => m.mountPoint === '/m');
    expect(second?.parentId).toBe(first?.id);
    v.umount('/m');
    expect(v.readText('/m/f')).toBe('1');
  });

  it('bind-mounts a directory or a single file to a second place, sharing the same inodes', () => {
    const { init: v } = boot();
    v.mkdir('/data/sub', { recursive: true });
    v.writeFile('/data/sub/x', 'same');
    v.mkdir('/view');
    v.mount({ source: '/data/sub', target: '/view', flags: ['bind'] });
    v.writeFile('/view/y', 'through the bind');
    expect(v.readText('/data/sub/y')).toBe('through the bind');
    expect(v.stat('/view/x').ino).toBe(v.stat('/data/sub/x').ino);
    expect(v.mountTable().find((m) => m.mountPoint === '/view')).toMatchObject({ root: '/data/sub', fstype: 'ext4', source: '/dev/vda' });
    v.writeFile('/etc/hosts', '127.0.0.1 host');
    v.writeFile('/tmp/hosts', '10.0.0.2 container');
    v.mount({ source: '/tmp/hosts', target: '/etc/hosts', flags: ['bind'] });
    expect(v.readText('/etc/hosts')).toBe('10.0.0.2 container');
    expect(errnoOf(() => v.mount({ source: '/tmp/hosts', target: '/view', flags: ['bind'] }))).toBe('ENOTDIR');
    expect(errnoOf(() => v.remove('/etc/hosts'))).toBe('EBUSY');
  });

  it('brings submounts along with a recursive bind only', () => {
    const { init: v } = boot();
    v.mkdir('/src/inner', { recursive: true });
    v.mount({ source: 'inner', target: '/src/inner', fstype: 'tmpfs' });
    v.writeFile('/src/inner/marker', 'from the submount');
    v.mkdir('/plain');
    v.mkdir('/rec');
    v.mount({ source: '/src', target: '/plain', flags: ['bind'] });
    v.mount({ source: '/src', target: '/rec', flags: ['bind', 'rec'] });
    expect(v.exists('/plain/inner/marker')).toBe(false);
    expect(v.readText('/rec/inner/marker')).toBe('from the submount');
    expect(v.mountTable().map((m) => m.mountPoint)).toEqual(expect.arrayContaining(['/src/inner', '/plain', '/rec', '/rec/inner']));
  });

  it('makes a bind mount read-only with a remount, leaving the original writable', () => {
    const { init: v } = boot();
    v.mkdir('/data');
    v.mkdir('/ro');
    v.mount({ source: '/data', target: '/ro', flags: ['bind', 'rdonly'] });
    v.writeFile('/ro/still-writable', 'bind ignores rdonly when it is made');
    v.mount({ source: '', target: '/ro', flags: ['bind', 'remount', 'rdonly'] });
    expect(errnoOf(() => v.writeFile('/ro/x', ''))).toBe('EROFS');
    v.writeFile('/data/x', 'fine');
    const entry = v.mountTable().find((m) => m.mountPoint === '/ro');
    expect(entry?.options[0]).toBe('ro');
    expect(entry?.superOptions[0]).toBe('rw');
  });

  it('turns the whole superblock read-only with a remount that is not a bind', () => {
    const { init: v } = boot();
    v.mkdir('/a');
    v.mkdir('/b');
    v.mount({ source: 't', target: '/a', fstype: 'tmpfs' });
    v.mount({ source: '/a', target: '/b', flags: ['bind'] });
    v.mount({ source: '', target: '/a', flags: ['remount', 'rdonly'] });
    expect(errnoOf(() => v.writeFile('/b/x', ''))).toBe('EROFS');
    expect(v.mountTable().find((m) => m.mountPoint === '/b')?.superOptions[0]).toBe('ro');
  });

  it('refuses to unmount what is not a mount point (EINVAL) or is busy (EBUSY), unless lazily', () => {
    const { init: v } = boot();
    v.mkdir('/outer');
    v.mount({ source: 'outer', target: '/outer', fstype: 'tmpfs' });
    v.mkdir('/outer/inner');
    v.mount({ source: 'inner', target: '/outer/inner', fstype: 'tmpfs' });
    expect(errnoOf(() => v.umount('/etc'))).toBe('EINVAL');
    expect(errnoOf(() => v.umount('/outer'))).toBe('EBUSY');
    const p = v.fork();
    p.chdir('/outer/inner');
    expect(errnoOf(() => v.umount('/outer/inner'))).toBe('EBUSY');
    v.umount('/outer', { detach: true });
    expect(v.mountTable().some((m) => m.mountPoint.startsWith('/outer'))).toBe(false);
    p.writeFile('still-here', 'a lazily detached mount lives on for whoever is inside');
    expect(p.readText('still-here')).toMatch(/lives on/);
    p.close();
  });

  it('answers EXDEV for a rename between two mounts, even of the same filesystem', () => {
    const { init: v } = boot();
    v.mkdir('/data');
    v.mkdir('/other');
    v.writeFile('/data/f', '');
    v.mount({ source: '/data', target: '/other', flags: ['bind'] });
    expect(errnoOf(() => v.rename('/data/f', '/other/g'))).toBe('EXDEV');
    expect(errnoOf(() => v.rmdir('/other'))).toBe('EBUSY');
    expect(errnoOf(() => v.rename('/other', '/moved'))).toBe('EBUSY');
  });

  it('refuses to remove a tree that still has a mount inside, and deletes nothing under it', () => {
    const { init: v } = boot();
    v.mkdir('/state/merged', { recursive: true });
    v.mkdir('/precious');
    v.writeFile('/precious/keep', 'host data');
    v.mount({ source: '/precious', target: '/state/merged', flags: ['bind'] });
    expect(() => v.remove('/state', { recursive: true })).toThrow('remove(/state: /state/merged is mounted): EBUSY');
    expect(v.readText('/precious/keep')).toBe('host data');
    v.umount('/state/merged');
    v.remove('/state', { recursive: true });
    expect(v.exists('/state')).toBe(false);
  });

  it('moves a mount to another place with MS_MOVE, and not below itself', () => {
    const { init: v } = boot();
    v.mkdir('/from');
    v.mkdir('/to');
    v.mount({ source: 'm', target: '/from', fstype: 'tmpfs' });
    v.writeFile('/from/f', 'moved');
    v.mkdir('/from/deeper');
    expect(errnoOf(() => v.mount({ source: '/from', target: '/from/deeper', flags: ['move'] }))).toBe('ELOOP');
    v.mount({ source: '/from', target: '/to', flags: ['move'] });
    expect(v.readText('/to/f')).toBe('moved');
    expect(v.exists('/from/f')).toBe(false);
  });

  it('gives unshare a copy of the mount tree that changes independently once private', () => {
    const { init: host } = boot();
    host.mkdir('/shared-dir');
    const child = host.fork();
    child.unshareMounts();
    child.mount({ source: 'only-in-child', target: '/shared-dir', fstype: 'tmpfs' });
    child.writeFile('/shared-dir/x', '');
    expect(host.exists('/shared-dir/x')).toBe(false);
    expect(child.mountTable().length).toBe(host.mountTable().length + 1);
    const hostIds = new Set(host.mountTable().map((m) => m.id));
    expect(child.mountTable().some((m) => hostIds.has(m.id))).toBe(false);
    host.writeFile('/etc/seen-by-both', 'same filesystem underneath');
    expect(child.readText('/etc/seen-by-both')).toBe('same filesystem underneath');
  });
});
