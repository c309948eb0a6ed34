import { describe, expect, it } from 'vitest';
import { fail, MemFs } from '../../../core/sim/vfs/index.js';
import { boot, errnoOf } from './sim-helpers.js';

describe('filesystems of generated files (the hook for proc, sysfs and cgroups)', () => {
  it('mounts a registered type whose files are computed on read and handled on write', () => {
    const { init: v, vfs } = boot();
    let limit = 'max';
    vfs.registerType('cgroup2', (req) => {
      const fs = new MemFs({ dev: vfs.allocateAnonDev(), fstype: 'cgroup2', source: req.source, clock: vfs.clock, superOptions: () => ['nsdelegate'] });
      fs.create(fs.root(), 'memory.max', {
        type: 'file', mode: 0o644, uid: 0, gid: 0,
        provider: {
          read: () => `${limit}\n`,
          write: (data) => {
            const text = new TextDecoder().decode(data).trim();
            if (!/^(max|\d+)$/.test(text)) fail('EINVAL');
            limit = text;
          },
        },
      });
      return fs;
    });
    v.mkdir('/sys/fs/cgroup', { recursive: true });
    v.mount({ source: 'cgroup2', target: '/sys/fs/cgroup', fstype: 'cgroup2', flags: ['nosuid', 'nodev', 'noexec'] });
    expect(v.readText('/sys/fs/cgroup/memory.max')).toBe('max\n');
    v.writeFile('/sys/fs/cgroup/memory.max', '1048576');
    expect(v.readText('/sys/fs/cgroup/memory.max')).toBe('1048576\n');
    expect(() => v.writeFile('/sys/fs/cgroup/memory.max', 'lots')).toThrow('write(/sys/fs/cgroup/memory.max): EINVAL');
    expect(v.stat('/sys/fs/cgroup/memory.max').size).toBe(0);
    expect(v.mountTable().at(-1)).toMatchObject({ fstype: 'cgroup2', superOptions: ['rw', 'nsdelegate'] });
  });

  it('answers ENODEV for a type nobody registered yet, such as proc', () => {
    const { init: v } = boot();
    expect(errnoOf(() => v.mount({ source: 'proc', target: '/proc', fstype: 'proc' }))).toBe('ENODEV');
  });
});
