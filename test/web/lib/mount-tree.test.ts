import { describe, expect, it } from 'vitest';
import { mountTree } from '../../../web/src/lib/mount-tree.js';

const row = (mountPoint: string, fstype: string, options = 'rw') => ({ mountPoint, fstype, source: fstype, options: options.split(',') });

describe('the mounts panel\'s tree', () => {
  const tree = mountTree([
    row('/', 'overlay'), row('/proc', 'proc'), row('/dev', 'tmpfs'), row('/sys', 'sysfs', 'ro'), row('/sys/fs/cgroup', 'tmpfs', 'ro'),
    row('/sys/fs/cgroup/cpu', 'cgroup', 'ro'), row('/proc/acpi', 'tmpfs', 'ro'), row('/proc/kcore', 'devtmpfs'), row('/sys/firmware', 'tmpfs', 'ro'),
    row('/proc/sys', 'proc', 'ro'), row('/procfoo', 'tmpfs'),
  ]);
  const at = (p: string) => tree.find((n) => n.mountPoint === p)!;

  it('nests each mount under the mount point that contains it', () => {
    expect(tree.map((n) => [n.mountPoint, n.depth])).toEqual([
      ['/', 0], ['/proc', 1], ['/dev', 1], ['/sys', 1], ['/sys/fs/cgroup', 2], ['/sys/fs/cgroup/cpu', 3], ['/proc/acpi', 2], ['/proc/kcore', 2],
      ['/sys/firmware', 2], ['/proc/sys', 2], ['/procfoo', 1],
    ]);
  });

  it('calls masked what is mounted over a piece of /proc or /sys to hide it, and not the cgroup tmpfs', () => {
    expect(tree.filter((n) => n.masked).map((n) => n.mountPoint)).toEqual(['/proc/acpi', '/proc/kcore', '/sys/firmware']);
  });

  it('calls made read-only a read-only mount under a writable one', () => {
    expect(at('/proc/sys').madeReadOnly).toBe(true);
    // Read-only like its parent: nothing was made read-only here.
    expect(at('/sys/fs/cgroup').madeReadOnly).toBe(false);
    expect(at('/proc/acpi').madeReadOnly).toBe(false);
  });
});
