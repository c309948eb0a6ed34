import { describe, expect, it } from 'vitest';
import { overlayFixture } from './overlay-fixture.js';
import { tickingClock } from './sim-helpers.js';

describe('overlayfs copy-up (simulated)', () => {
  it('copies a lower file up on write: the lower stays as it was, the upper gets the change', () => {
    const { v, merged, upper, base, events } = overlayFixture();
    v.writeFile(`${merged}/b`, 'changed', { append: true });
    expect(v.readText(`${merged}/b`)).toBe('mid-bchanged');
    expect(v.readText(`${upper}/b`)).toBe('mid-bchanged');
    expect(v.readText(`${base}/l2/b`)).toBe('mid-b');
    expect(events).toEqual([{ type: 'copy-up', dev: v.stat(merged).dev, path: '/b', fromLayer: 1, size: 5, nodeType: 'file' }]);
  });

  it('leaves a second overlay on the same lowers seeing the original', () => {
    const { v, merged, mountAnother } = overlayFixture();
    const other = mountAnother('second');
    v.writeFile(`${merged}/c`, 'rewritten');
    expect(v.readText(`${merged}/c`)).toBe('rewritten');
    expect(v.readText(`${other}/c`)).toBe('bot-c');
  });

  it('does not copy up on reads, stats or listings', () => {
    const { v, merged, upper, events } = overlayFixture();
    v.readFile(`${merged}/c`);
    v.stat(`${merged}/deep/x/y/file`);
    v.readdir(`${merged}/etc`);
    expect(v.readdir(upper)).toEqual([]);
    expect(events).toEqual([]);
  });

  it('copies the parent directories up first, keeping their mode, owner and mtime', () => {
    const clock = tickingClock();
    const { v, merged, upper, base, events } = overlayFixture({ clock });
    const lowerY = v.stat(`${base}/l3/deep/x/y`);
    v.chmod(`${base}/l3/deep/x`, 0o750);
    v.chown(`${base}/l3/deep/x`, 12, 34);
    v.writeFile(`${merged}/deep/x/y/file`, 'new');
    expect(events.map((e) => (e.type === 'copy-up' ? `${e.path}@${e.fromLayer}:${e.nodeType}` : e.type))).toEqual([
      '/deep@2:dir', '/deep/x@2:dir', '/deep/x/y@2:dir', '/deep/x/y/file@2:file',
    ]);
    expect(v.stat(`${upper}/deep/x`)).toMatchObject({ mode: 0o750, uid: 12, gid: 34 });
    expect(v.stat(`${upper}/deep/x/y`).mtimeMs).toBe(lowerY.mtimeMs);
    expect(v.listxattr(`${upper}/deep/x/y/file`)).toContain('trusted.overlay.origin');
    expect(v.readText(`${base}/l3/deep/x/y/file`)).toBe('deep');
  });

  it('copies up on chmod, chown and truncate too, without touching the lower', () => {
    const { v, merged, upper, base } = overlayFixture();
    v.chmod(`${merged}/a`, 0o600);
    v.chown(`${merged}/b`, 1000, 1000);
    v.truncate(`${merged}/c`, 2);
    expect(v.stat(`${upper}/a`).mode).toBe(0o600);
    expect(v.readText(`${upper}/a`)).toBe('top-a');
    expect(v.stat(`${base}/l1/a`).mode).toBe(0o644);
    expect(v.stat(`${upper}/b`).uid).toBe(1000);
    expect(v.stat(`${base}/l2/b`).uid).toBe(0);
    expect(v.readText(`${merged}/c`)).toBe('bo');
    expect(v.readText(`${base}/l3/c`)).toBe('bot-c');
  });

  it('keeps st_ino across a copy-up when the layers share a filesystem', () => {
    const { v, merged, upper } = overlayFixture();
    const before = v.stat(`${merged}/c`);
    v.writeFile(`${merged}/c`, 'x');
    const after = v.stat(`${merged}/c`);
    expect(after.ino).toBe(before.ino);
    expect(after.dev).toBe(before.dev);
    expect(v.stat(`${upper}/c`).ino).not.toBe(before.ino);
  });

  it('breaks a hard link on copy-up: the other name still shows the lower file', () => {
    const { v, merged, upper, base } = overlayFixture();
    v.link(`${base}/l3/c`, `${base}/l3/c2`);
    v.writeFile(`${merged}/c`, 'only this name', { append: true });
    expect(v.readText(`${merged}/c2`)).toBe('bot-c');
    expect(v.stat(`${merged}/c2`).nlink).toBe(2);
    expect(v.stat(`${merged}/c`).nlink).toBe(1);
    expect(v.listxattr(`${upper}/c`)).not.toContain('trusted.overlay.origin');
    expect(v.stat(`${merged}/c`).ino).toBe(v.stat(`${upper}/c`).ino);
  });

  it('creates new files straight in the upper layer, owned by their creator', () => {
    const { v, merged, upper, events } = overlayFixture();
    v.chmod(upper, 0o777);
    const user = v.fork({ uid: 1000, gid: 1000, groups: [] });
    user.writeFile(`${merged}/new`, 'n');
    expect(v.stat(`${upper}/new`)).toMatchObject({ uid: 1000, gid: 1000 });
    expect(events).toEqual([]);
    v.mkdir(`${merged}/etc/sub`);
    expect(events.map((e) => e.type === 'copy-up' && e.path)).toEqual(['/etc']);
    expect(v.stat(`${upper}/etc/sub`).type).toBe('dir');
  });

  it('copies up the target of a hard link made through the overlay, then links in the upper layer', () => {
    const { v, merged, upper, base } = overlayFixture();
    v.link(`${merged}/c`, `${merged}/c-link`);
    expect(v.stat(`${upper}/c-link`).ino).toBe(v.stat(`${upper}/c`).ino);
    expect(v.stat(`${merged}/c-link`).nlink).toBe(2);
    v.writeFile(`${merged}/c-link`, 'both names');
    expect(v.readText(`${merged}/c`)).toBe('both names');
    expect(v.readText(`${base}/l3/c`)).toBe('bot-c');
  });

  it('names the overlay in its events by st_dev, which maps back to where it is mounted', () => {
    const { v, merged, events } = overlayFixture();
    v.writeFile(`${merged}/a`, 'x');
    expect(v.mountPointsOf(events[0]!.dev)).toEqual([merged]);
  });
});
