import { describe, expect, it } from 'vitest';
import { cgroupLayout } from '../../../core/runtime/cgroups/layout.js';
import { parseMountInfo } from '../../../core/kernel/mountinfo.js';

const HYBRID = parseMountInfo([
  '25 22 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:4 - tmpfs tmpfs ro,mode=755',
  '26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:5 - cgroup2 cgroup2 rw,nsdelegate',
  '27 25 0:24 / /sys/fs/cgroup/systemd rw shared:6 - cgroup cgroup rw,xattr,name=systemd',
  '30 25 0:27 / /sys/fs/cgroup/cpu rw shared:9 - cgroup cgroup rw,cpu',
  '31 25 0:28 / /sys/fs/cgroup/memory rw shared:10 - cgroup cgroup rw,memory',
].join('\n'));

const PURE_V2 = parseMountInfo('26 22 0:23 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot');

describe('cgroupLayout', () => {
  it('calls v1 controllers beside a v2 mount hybrid, as on these lab machines', () => {
    const layout = cgroupLayout(HYBRID, () => []);
    expect(layout.kind).toBe('hybrid');
    expect(layout.hierarchies).toEqual([
      { version: 2, mountPoint: '/sys/fs/cgroup/unified', controllers: [] },
      { version: 1, mountPoint: '/sys/fs/cgroup/systemd', controllers: ['name=systemd'] },
      { version: 1, mountPoint: '/sys/fs/cgroup/cpu', controllers: ['cpu'] },
      { version: 1, mountPoint: '/sys/fs/cgroup/memory', controllers: ['memory'] },
    ]);
  });

  it('reads a pure v2 host and takes its controllers from cgroup.controllers', () => {
    const layout = cgroupLayout(PURE_V2, (mp) => (mp === '/sys/fs/cgroup' ? ['cpu', 'memory', 'io', 'pids'] : []));
    expect(layout).toEqual({ kind: 'v2', hierarchies: [{ version: 2, mountPoint: '/sys/fs/cgroup', controllers: ['cpu', 'memory', 'io', 'pids'] }] });
  });

  it('says none when nothing is mounted', () => {
    expect(cgroupLayout([], () => []).kind).toBe('none');
  });
});
