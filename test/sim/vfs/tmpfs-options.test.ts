import { describe, expect, it } from 'vitest';
import { boot, errnoOf } from './sim-helpers.js';

describe('tmpfs mount options (simulated)', () => {
  const superOptions = (data: string, memoryBytes?: number): readonly string[] => {
    const { init: v } = boot(memoryBytes ? { memoryBytes } : {});
    v.mkdir('/t');
    v.mount({ source: 'x', target: '/t', fstype: 'tmpfs', data });
    return v.mountTable().find((m) => m.mountPoint === '/t')!.superOptions;
  };

  it('shows only what differs from the default, in the kernel’s order and units', () => {
    expect(superOptions('')).toEqual(['rw']);
    expect(superOptions('size=0')).toEqual(['rw', 'size=0k']);
    expect(superOptions('size=1000')).toEqual(['rw', 'size=4k']);
    expect(superOptions('mode=0755,uid=5,gid=6,nr_inodes=100')).toEqual(['rw', 'nr_inodes=100', 'mode=755', 'uid=5', 'gid=6']);
    expect(superOptions('size=10%,mode=1777', 25_276_063_744)).toEqual(['rw', 'size=2468368k']);
  });

  it('applies mode, uid and gid to the root directory and enforces the size limit', () => {
    const { init: v } = boot();
    v.mkdir('/t');
    v.mount({ source: 'x', target: '/t', fstype: 'tmpfs', data: 'size=4k,mode=750,uid=5,gid=6' });
    expect(v.stat('/t')).toMatchObject({ mode: 0o750, uid: 5, gid: 6, size: 40 });
    v.writeFile('/t/fits', new Uint8Array(4096));
    expect(errnoOf(() => v.writeFile('/t/more', 'x'))).toBe('ENOSPC');
  });

  it('refuses options it does not know with EINVAL', () => {
    const { init: v } = boot();
    v.mkdir('/t');
    expect(() => v.mount({ source: 'x', target: '/t', fstype: 'tmpfs', data: 'bogus=1' })).toThrow('mount(tmpfs → /t): EINVAL');
  });
});
