import { describe, expect, it } from 'vitest';
import { MAY_EXEC, MAY_READ, MAY_WRITE, permits } from '../../../core/sim/vfs/index.js';
import { boot, errnoOf } from './sim-helpers.js';

const alice = { uid: 1000, gid: 1000, groups: [] };
const bob = { uid: 1001, gid: 1001, groups: [1000] };
const eve = { uid: 1002, gid: 1002, groups: [] };

describe('simulated permission checks', () => {
  it('applies exactly one of owner, group or other', () => {
    const st = { type: 'file' as const, mode: 0o604, uid: 1000, gid: 1000 };
    expect(permits(st, alice, MAY_READ)).toBe(true);
    expect(permits(st, bob, MAY_READ)).toBe(false);
    expect(permits(st, eve, MAY_READ)).toBe(true);
    const ownerLocked = { type: 'file' as const, mode: 0o077, uid: 1000, gid: 1000 };
    expect(permits(ownerLocked, alice, MAY_READ)).toBe(false);
  });

  it('lets root read and write anything but execute only what has some x bit', () => {
    const root = { uid: 0, gid: 0, groups: [] };
    expect(permits({ type: 'file', mode: 0o000, uid: 5, gid: 5 }, root, MAY_READ | MAY_WRITE)).toBe(true);
    expect(permits({ type: 'file', mode: 0o644, uid: 5, gid: 5 }, root, MAY_EXEC)).toBe(false);
    expect(permits({ type: 'file', mode: 0o001, uid: 5, gid: 5 }, root, MAY_EXEC)).toBe(true);
    expect(permits({ type: 'dir', mode: 0o000, uid: 5, gid: 5 }, root, MAY_EXEC)).toBe(true);
  });

  it('refuses reads, writes, searches and creation by mode bits with EACCES', () => {
    const { init: root } = boot();
    root.mkdir('/home');
    root.mkdir('/home/alice', { mode: 0o700 });
    root.chown('/home/alice', 1000, 1000);
    root.writeFile('/home/alice/diary', 'secret', { mode: 0o600 });
    root.chown('/home/alice/diary', 1000, 1000);
    const a = root.fork(alice);
    const e = root.fork(eve);
    expect(a.readText('/home/alice/diary')).toBe('secret');
    expect(errnoOf(() => e.readFile('/home/alice/diary'))).toBe('EACCES');
    expect(errnoOf(() => e.stat('/home/alice/diary'))).toBe('EACCES');
    expect(errnoOf(() => e.writeFile('/tmp/../home/alice/x', ''))).toBe('EACCES');
    expect(errnoOf(() => a.writeFile('/etc/passwd', 'x'))).toBe('EACCES');
    a.writeFile('/tmp/mine', 'ok');
    expect(a.stat('/tmp/mine')).toMatchObject({ uid: 1000, gid: 1000 });
  });

  it('lets only the owner or root chmod (EPERM), and only root give files away', () => {
    const { init: root } = boot();
    root.writeFile('/tmp/f', '');
    root.chown('/tmp/f', 1000, 1000);
    expect(errnoOf(() => root.fork(eve).chmod('/tmp/f', 0o777))).toBe('EPERM');
    root.fork(alice).chmod('/tmp/f', 0o600);
    expect(root.stat('/tmp/f').mode).toBe(0o600);
    expect(errnoOf(() => root.fork(alice).chown('/tmp/f', 1001, 1000))).toBe('EPERM');
  });

  it('needs an x bit even for root to pass the exec check, and refuses exec on a noexec mount', () => {
    const { init: root } = boot();
    root.writeFile('/bin/tool', '#!/bin/sh', { mode: 0o644 });
    expect(errnoOf(() => root.checkExec('/bin/tool'))).toBe('EACCES');
    root.chmod('/bin/tool', 0o755);
    expect(root.checkExec('/bin/tool').nosuid).toBe(false);
    root.mkdir('/mnt');
    root.mount({ source: 'tmpfs', target: '/mnt', fstype: 'tmpfs', flags: ['noexec', 'nosuid'] });
    root.writeFile('/mnt/tool', '#!', { mode: 0o755 });
    expect(errnoOf(() => root.checkExec('/mnt/tool'))).toBe('EACCES');
  });

  it('protects other people’s files in a sticky directory such as /tmp', () => {
    const { init: root } = boot();
    const a = root.fork(alice);
    a.writeFile('/tmp/alices', 'a', { mode: 0o666 });
    expect(errnoOf(() => root.fork(eve).remove('/tmp/alices'))).toBe('EPERM');
    a.remove('/tmp/alices');
  });

  it('answers EROFS for writes on a read-only mount, even for root, and still allows reads', () => {
    const { init: root } = boot();
    root.mkdir('/ro');
    root.mount({ source: 'tmpfs', target: '/ro', fstype: 'tmpfs' });
    root.writeFile('/ro/f', 'data');
    root.mount({ source: '', target: '/ro', flags: ['remount', 'bind', 'rdonly'] });
    expect(errnoOf(() => root.writeFile('/ro/f', 'x'))).toBe('EROFS');
    expect(errnoOf(() => root.writeFile('/ro/new', 'x'))).toBe('EROFS');
    expect(errnoOf(() => root.mkdir('/ro/d'))).toBe('EROFS');
    expect(errnoOf(() => root.chmod('/ro/f', 0o600))).toBe('EROFS');
    expect(errnoOf(() => root.remove('/ro/f'))).toBe('EROFS');
    expect(errnoOf(() => root.mkdir('/ro/f'))).toBe('EEXIST');
    expect(root.readText('/ro/f')).toBe('data');
  });
});
