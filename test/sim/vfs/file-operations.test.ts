import { describe, expect, it } from 'vitest';
import { makedev } from '../../../core/sim/vfs/index.js';
import { boot, errnoOf, kernelErrorOf } from './sim-helpers.js';

describe('simulated file operations', () => {
  it('write, read, append, stat and list files with modes shaped by the umask', () => {
    const { init: v } = boot();
    v.mkdir('/srv/a/b', { recursive: true });
    v.writeFile('/srv/a/b/f', 'hello', { mode: 0o640 });
    v.writeFile('/srv/a/b/f', ' world', { append: true });
    expect(v.readText('/srv/a/b/f')).toBe('hello world');
    expect(v.stat('/srv/a/b/f')).toMatchObject({ type: 'file', mode: 0o640, size: 11, uid: 0, gid: 0, nlink: 1 });
    expect(v.stat('/srv/a')).toMatchObject({ type: 'dir', mode: 0o755 });
    v.writeFile('/srv/plain', 'x');
    expect(v.stat('/srv/plain').mode).toBe(0o644);
    expect(v.readdir('/srv').map((e) => `${e.name}:${e.type}`).sort()).toEqual(['a:dir', 'plain:file']);
  });

  it('names the call, the subject and the errno exactly as LinuxKernel does', () => {
    const { init: v } = boot();
    const e = kernelErrorOf(() => v.readFile('/tmp/missing'));
    expect(e.message).toBe('read(/tmp/missing): ENOENT');
    expect(e.errno).toBe(2);
    expect(kernelErrorOf(() => v.rename('/tmp/a', '/tmp/b')).message).toBe('rename(/tmp/a → /tmp/b): ENOENT');
    expect(kernelErrorOf(() => v.symlink('t', '/nope/l')).message).toBe('symlink(/nope/l → t): ENOENT');
  });

  it('answers each misuse with the errno the real kernel gives', () => {
    const { init: v } = boot();
    v.writeFile('/tmp/f', 'x');
    v.mkdir('/tmp/d');
    v.mkdir('/tmp/e');
    v.writeFile('/tmp/e/x', '');
    expect(errnoOf(() => v.mkdir('/tmp/d'))).toBe('EEXIST');
    expect(errnoOf(() => v.mkdir('/tmp/f', { recursive: true }))).toBe('EEXIST');
    expect(errnoOf(() => v.mkdir('/tmp/f/x/y', { recursive: true }))).toBe('ENOTDIR');
    expect(errnoOf(() => v.mkdir('/tmp/no/x'))).toBe('ENOENT');
    expect(errnoOf(() => v.rmdir('/tmp/f'))).toBe('ENOTDIR');
    expect(errnoOf(() => v.rmdir('/tmp/e'))).toBe('ENOTEMPTY');
    expect(errnoOf(() => v.rmdir('/tmp/d/.'))).toBe('EINVAL');
    expect(errnoOf(() => v.readdir('/tmp/f'))).toBe('ENOTDIR');
    expect(errnoOf(() => v.readFile('/tmp/d'))).toBe('EISDIR');
    expect(errnoOf(() => v.writeFile('/tmp/d', 'x'))).toBe('EISDIR');
    expect(errnoOf(() => v.writeFile('/tmp/new/', 'x'))).toBe('EISDIR');
    expect(errnoOf(() => v.writeFile('/tmp/f/x', 'x'))).toBe('ENOTDIR');
    expect(errnoOf(() => v.stat('/tmp/f/'))).toBe('ENOTDIR');
    expect(errnoOf(() => v.readlink('/tmp/f'))).toBe('EINVAL');
    expect(errnoOf(() => v.symlink('x', '/tmp/f'))).toBe('EEXIST');
    expect(errnoOf(() => v.rename('/tmp/d', '/tmp/e'))).toBe('ENOTEMPTY');
    expect(errnoOf(() => v.rename('/tmp/f', '/tmp/d'))).toBe('EISDIR');
    expect(errnoOf(() => v.rename('/tmp/d', '/tmp/f'))).toBe('ENOTDIR');
    expect(errnoOf(() => v.rename('/tmp/e', '/tmp/e/sub'))).toBe('EINVAL');
    expect(errnoOf(() => v.unlink('/tmp/d'))).toBe('EISDIR');
    expect(errnoOf(() => v.chmod('/tmp/nope', 0o644))).toBe('ENOENT');
  });

  it('renames over an empty directory and onto itself without complaint', () => {
    const { init: v } = boot();
    v.mkdir('/tmp/a1');
    v.mkdir('/tmp/a2');
    v.writeFile('/tmp/a1/inside', 'moved');
    v.rename('/tmp/a1', '/tmp/a2');
    expect(v.readText('/tmp/a2/inside')).toBe('moved');
    expect(v.exists('/tmp/a1')).toBe(false);
    v.rename('/tmp/a2/inside', '/tmp/a2/inside');
    expect(v.readText('/tmp/a2/inside')).toBe('moved');
  });

  it('removes files, empty directories and, recursively, trees; force forgives a missing path', () => {
    const { init: v } = boot();
    v.mkdir('/tmp/t/u', { recursive: true });
    v.writeFile('/tmp/t/u/f', '1');
    v.symlink('/etc', '/tmp/t/link-to-etc');
    expect(errnoOf(() => v.remove('/tmp/t'))).toBe('ENOTEMPTY');
    v.remove('/tmp/t', { recursive: true });
    expect(v.exists('/tmp/t')).toBe(false);
    expect(v.exists('/etc')).toBe(true);
    expect(errnoOf(() => v.remove('/tmp/none'))).toBe('ENOENT');
    v.remove('/tmp/none', { force: true });
    v.remove('/tmp/none', { recursive: true, force: true });
  });

  it('counts hard links and keeps the data while one name is left', () => {
    const { init: v } = boot();
    v.writeFile('/tmp/one', 'shared');
    v.link('/tmp/one', '/tmp/two');
    expect(v.stat('/tmp/one').nlink).toBe(2);
    expect(v.stat('/tmp/two').ino).toBe(v.stat('/tmp/one').ino);
    v.remove('/tmp/one');
    expect(v.stat('/tmp/two').nlink).toBe(1);
    expect(v.readText('/tmp/two')).toBe('shared');
    v.mkdir('/tmp/dir');
    expect(errnoOf(() => v.link('/tmp/dir', '/tmp/dir2'))).toBe('EPERM');
  });

  it('counts a directory’s links as 2 plus its subdirectories', () => {
    const { init: v } = boot();
    v.mkdir('/tmp/p');
    expect(v.stat('/tmp/p').nlink).toBe(2);
    v.mkdir('/tmp/p/c1');
    v.mkdir('/tmp/p/c2');
    v.writeFile('/tmp/p/file', '');
    expect(v.stat('/tmp/p').nlink).toBe(4);
    v.rmdir('/tmp/p/c1');
    expect(v.stat('/tmp/p').nlink).toBe(3);
  });

  it('makes device nodes with the same st_rdev packing as glibc', () => {
    const { init: v } = boot();
    v.mknod('/dev/null', 'char', 0o666, 1, 3);
    v.mknod('/dev/big', 'block', 0o600, 259, 300);
    expect(v.stat('/dev/null')).toMatchObject({ type: 'char', rdev: (1 << 8) | 3, mode: 0o644 });
    expect(v.stat('/dev/big').rdev).toBe(makedev(259, 300));
    v.writeFile('/dev/null', 'discarded');
    expect(v.readFile('/dev/null').length).toBe(0);
    v.mknod('/dev/nodriver', 'char', 0o666, 42, 42);
    expect(errnoOf(() => v.readFile('/dev/nodriver'))).toBe('ENXIO');
  });

  it('stamps mtimes from the injected clock and never from the real one', () => {
    let now = 5_000;
    const { init: v } = boot({ clock: () => now });
    v.writeFile('/tmp/f', 'a');
    expect(v.stat('/tmp/f').mtimeMs).toBe(5_000);
    now = 9_000;
    v.writeFile('/tmp/f', 'b', { append: true });
    expect(v.stat('/tmp/f').mtimeMs).toBe(9_000);
    expect(v.stat('/tmp').mtimeMs).toBe(5_000);
  });

  it('gives every filesystem its own st_dev and numbers inodes per filesystem', () => {
    const { init: v } = boot();
    v.mkdir('/mnt');
    v.mount({ source: 'tmpfs', target: '/mnt', fstype: 'tmpfs' });
    v.writeFile('/mnt/x', '');
    expect(v.stat('/').dev).toBe(makedev(254, 0));
    expect(v.stat('/').ino).toBe(2);
    expect(v.stat('/mnt').ino).toBe(1);
    expect(v.stat('/mnt').dev).not.toBe(v.stat('/').dev);
    expect(v.stat('/mnt/x').dev).toBe(v.stat('/mnt').dev);
  });

  it('keeps extended attributes, with trusted.* for root only', () => {
    const { init: root } = boot();
    root.writeFile('/tmp/f', '');
    root.chmod('/tmp/f', 0o666);
    root.setxattr('/tmp/f', 'trusted.secret', 'y');
    root.setxattr('/tmp/f', 'user.note', 'hi');
    expect(new TextDecoder().decode(root.getxattr('/tmp/f', 'trusted.secret'))).toBe('y');
    const user = root.fork({ uid: 1000, gid: 1000, groups: [] });
    expect(user.listxattr('/tmp/f')).toEqual(['user.note']);
    expect(errnoOf(() => user.getxattr('/tmp/f', 'trusted.secret'))).toBe('ENODATA');
    expect(errnoOf(() => user.setxattr('/tmp/f', 'trusted.x', 'y'))).toBe('EPERM');
    expect(errnoOf(() => root.getxattr('/tmp/f', 'user.absent'))).toBe('ENODATA');
  });
});
