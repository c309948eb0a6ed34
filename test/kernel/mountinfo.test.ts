import { describe, expect, it } from 'vitest';
import { parseMountInfo } from '../../core/kernel/mountinfo.js';

const SAMPLE = [
  '22 1 253:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
  '30 22 0:26 / /sys/fs/cgroup/cpu rw,nosuid,nodev,noexec,relatime shared:9 - cgroup cgroup rw,cpu',
  '40 22 0:40 / /mnt/with\\040space rw - overlay overlay rw,lowerdir=/a:/b,upperdir=/u,workdir=/w',
].join('\n');

describe('parseMountInfo', () => {
  it('reads ids, mount points, options, propagation and super options', () => {
    const [root, cpu] = parseMountInfo(SAMPLE);
    expect(root).toMatchObject({ id: 22, parentId: 1, mountPoint: '/', fstype: 'ext4', source: '/dev/vda', propagation: ['shared:1'] });
    expect(cpu?.superOptions).toEqual(['rw', 'cpu']);
    expect(cpu?.options).toContain('noexec');
  });

  it('undoes the octal escapes in paths', () => {
    expect(parseMountInfo(SAMPLE)[2]?.mountPoint).toBe('/mnt/with space');
  });

  it('skips blank and malformed lines', () => {
    expect(parseMountInfo('\n\ngarbage\n')).toEqual([]);
  });
});
