import { describe, expect, it } from 'vitest';
import { errnoOf } from './sim-helpers.js';
import { overlayFixture } from './overlay-fixture.js';

const decode = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('overlayfs deletes and renames (simulated)', () => {
  it('deletes a lower file by leaving a whiteout — a char device 0/0 — in the upper layer', () => {
    const { v, merged, upper, base, events } = overlayFixture();
    v.remove(`${merged}/b`);
    expect(v.exists(`${merged}/b`)).toBe(false);
    expect(v.lstat(`${upper}/b`)).toMatchObject({ type: 'char', rdev: 0, mode: 0, uid: 0 });
    expect(v.readText(`${base}/l2/b`)).toBe('mid-b');
    expect(events).toEqual([{ type: 'whiteout', dev: v.stat(merged).dev, path: '/b' }]);
    expect(v.readdir(merged).map((e) => e.name)).not.toContain('b');
  });

  it('hides every lower copy of a name with one whiteout', () => {
    const { v, merged, upper } = overlayFixture();
    v.remove(`${merged}/a`);
    expect(v.exists(`${merged}/a`)).toBe(false);
    expect(v.lstat(`${upper}/a`).type).toBe('char');
  });

  it('deletes a file that exists only in the upper layer without a whiteout', () => {
    const { v, merged, upper, events } = overlayFixture();
    v.writeFile(`${merged}/fresh`, '');
    v.remove(`${merged}/fresh`);
    expect(v.exists(`${upper}/fresh`)).toBe(false);
    expect(events).toEqual([]);
  });

  it('replaces a copied-up file with a whiteout when it is deleted', () => {
    const { v, merged, upper } = overlayFixture();
    v.writeFile(`${merged}/c`, 'copied');
    v.remove(`${merged}/c`);
    expect(v.lstat(`${upper}/c`)).toMatchObject({ type: 'char', rdev: 0 });
  });

  it('refuses to rmdir a merged directory that still has lower contents', () => {
    const { v, merged } = overlayFixture();
    expect(errnoOf(() => v.rmdir(`${merged}/etc`))).toBe('ENOTEMPTY');
  });

  it('turns rmdir of a merged directory and mkdir again into an opaque directory', () => {
    const { v, merged, upper, events } = overlayFixture();
    v.remove(`${merged}/etc`, { recursive: true });
    expect(v.lstat(`${upper}/etc`)).toMatchObject({ type: 'char', rdev: 0 });
    v.mkdir(`${merged}/etc`);
    expect(v.readdir(`${merged}/etc`)).toEqual([]);
    expect(v.stat(`${upper}/etc`).type).toBe('dir');
    expect(decode(v.getxattr(`${upper}/etc`, 'trusted.overlay.opaque'))).toBe('y');
    expect(events.filter((e) => e.type !== 'copy-up').map((e) => `${e.type} ${e.path}`)).toEqual([
      'whiteout /etc/conf', 'whiteout /etc/l2file', 'whiteout /etc/l3file', 'whiteout /etc', 'opaque /etc',
    ]);
    expect(v.readdir(`${upper}/etc`)).toEqual([]);
  });

  it('answers EXDEV for renaming a lower or merged directory (redirect_dir off, as in Docker)', () => {
    const { v, merged } = overlayFixture();
    expect(errnoOf(() => v.rename(`${merged}/deep`, `${merged}/deep2`))).toBe('EXDEV');
    expect(errnoOf(() => v.rename(`${merged}/etc`, `${merged}/etc2`))).toBe('EXDEV');
    v.writeFile(`${merged}/etc/touch`, '');
    expect(errnoOf(() => v.rename(`${merged}/etc`, `${merged}/etc2`))).toBe('EXDEV');
  });

  it('renames a directory made in the upper layer, and makes it opaque inside a merged directory', () => {
    const { v, merged, upper, events } = overlayFixture();
    v.mkdir(`${merged}/mine`);
    v.writeFile(`${merged}/mine/f`, '1');
    v.rename(`${merged}/mine`, `${merged}/mine2`);
    expect(v.readText(`${merged}/mine2/f`)).toBe('1');
    expect(decode(v.getxattr(`${upper}/mine2`, 'trusted.overlay.opaque'))).toBe('y');
    expect(events.at(-1)).toMatchObject({ type: 'opaque', path: '/mine2' });
  });

  it('renames a lower file by copying it up and whiting out the old name', () => {
    const { v, merged, upper, base } = overlayFixture();
    v.rename(`${merged}/c`, `${merged}/c-renamed`);
    expect(v.readText(`${merged}/c-renamed`)).toBe('bot-c');
    expect(v.exists(`${merged}/c`)).toBe(false);
    expect(v.lstat(`${upper}/c`).type).toBe('char');
    expect(v.readText(`${upper}/c-renamed`)).toBe('bot-c');
    expect(v.readText(`${base}/l3/c`)).toBe('bot-c');
  });

  it('recreates a deleted name over its whiteout', () => {
    const { v, merged, upper } = overlayFixture();
    v.remove(`${merged}/b`);
    v.writeFile(`${merged}/b`, 'again');
    expect(v.readText(`${merged}/b`)).toBe('again');
    expect(v.lstat(`${upper}/b`).type).toBe('file');
  });

  it('refuses to make a whiteout-shaped device through the overlay', () => {
    const { v, merged } = overlayFixture();
    expect(errnoOf(() => v.mknod(`${merged}/fake`, 'char', 0o600, 0, 0))).toBe('EPERM');
    v.mknod(`${merged}/null`, 'char', 0o666, 1, 3);
    expect(v.stat(`${merged}/null`).rdev).toBe(259);
  });
});
