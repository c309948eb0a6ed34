import { describe, expect, it } from 'vitest';
import { MAX_SYMLINK_HOPS } from '../../../core/sim/vfs/index.js';
import { boot, errnoOf } from './sim-helpers.js';

describe('simulated path resolution', () => {
  it('follows relative and absolute symlinks, and lstat/readlink see the link itself', () => {
    const { init: v } = boot();
    v.mkdir('/opt/app/bin', { recursive: true });
    v.writeFile('/opt/app/bin/run', '#!');
    v.symlink('app/bin', '/opt/current');
    v.symlink('/opt/current/run', '/usr/run');
    expect(v.readText('/usr/run')).toBe('#!');
    expect(v.readText('/opt/current/run')).toBe('#!');
    expect(v.lstat('/usr/run').type).toBe('symlink');
    expect(v.lstat('/usr/run').size).toBe('/opt/current/run'.length);
    expect(v.stat('/usr/run').type).toBe('file');
    expect(v.readlink('/opt/current')).toBe('app/bin');
    expect(v.lstat('/opt/current/').type).toBe('dir');
  });

  it('resolves .. inside a symlink target from the directory holding the link', () => {
    const { init: v } = boot();
    v.mkdir('/a/b', { recursive: true });
    v.writeFile('/a/target', 'up one');
    v.symlink('../target', '/a/b/link');
    expect(v.readText('/a/b/link')).toBe('up one');
  });

  it('creates the missing target when writing through a dangling symlink', () => {
    const { init: v } = boot();
    v.symlink('target-missing', '/tmp/dangle');
    expect(errnoOf(() => v.stat('/tmp/dangle'))).toBe('ENOENT');
    v.writeFile('/tmp/dangle', 'x');
    expect(v.readText('/tmp/target-missing')).toBe('x');
  });

  it('answers ELOOP for a symlink loop, but lstat of the link still works', () => {
    const { init: v } = boot();
    v.symlink('loop2', '/tmp/loop1');
    v.symlink('loop1', '/tmp/loop2');
    expect(errnoOf(() => v.stat('/tmp/loop1'))).toBe('ELOOP');
    expect(errnoOf(() => v.writeFile('/tmp/loop1', 'x'))).toBe('ELOOP');
    expect(errnoOf(() => v.readFile('/tmp/loop1/x'))).toBe('ELOOP');
    expect(v.lstat('/tmp/loop1').type).toBe('symlink');
  });

  it('follows a chain of exactly 40 symlinks and refuses the 41st', () => {
    const { init: v } = boot();
    v.writeFile('/tmp/end', 'reached');
    v.symlink('/tmp/end', '/tmp/l0');
    for (let i = 1; i <= MAX_SYMLINK_HOPS; i++) v.symlink(`l${i - 1}`, `/tmp/l${i}`);
    expect(MAX_SYMLINK_HOPS).toBe(40);
    expect(v.readText(`/tmp/l${MAX_SYMLINK_HOPS - 1}`)).toBe('reached');
    expect(errnoOf(() => v.readText(`/tmp/l${MAX_SYMLINK_HOPS}`))).toBe('ELOOP');
  });

  it('resolves relative paths from the cwd and cannot climb above the root with ..', () => {
    const { init: v } = boot();
    v.mkdir('/home/u', { recursive: true });
    v.writeFile('/home/u/notes', 'n');
    v.chdir('/home/u');
    expect(v.getcwd()).toBe('/home/u');
    expect(v.readText('notes')).toBe('n');
    expect(v.readText('../u/./notes')).toBe('n');
    expect(v.stat('../../../../..').ino).toBe(v.stat('/').ino);
    expect(errnoOf(() => v.chdir('/home/u/notes'))).toBe('ENOTDIR');
  });

  it('keeps a chrooted process inside: absolute symlinks and .. both stop at its root', () => {
    const { init: host } = boot();
    host.mkdir('/jail/etc', { recursive: true });
    host.writeFile('/jail/etc/hostname', 'inside');
    host.writeFile('/etc/hostname', 'outside');
    host.symlink('/etc/hostname', '/jail/abs-link');
    const p = host.fork();
    p.chroot('/jail');
    p.chdir('/');
    expect(p.readText('/etc/hostname')).toBe('inside');
    expect(p.readText('/abs-link')).toBe('inside');
    expect(p.readText('../../etc/hostname')).toBe('inside');
    expect(host.readText('/jail/abs-link')).toBe('outside');
  });
});
