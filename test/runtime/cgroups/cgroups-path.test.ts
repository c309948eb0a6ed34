import { describe, expect, it } from 'vitest';
import { cgroupsPathLevels, levelDirs } from '../../../core/runtime/cgroups/cgroups-path.js';

describe('cgroupsPath', () => {
  it('splits an OCI cgroupsPath into levels under a hierarchy root', () => {
    expect(cgroupsPathLevels('/dockbook/abc')).toEqual(['dockbook', 'abc']);
    expect(cgroupsPathLevels('dockbook//abc/')).toEqual(['dockbook', 'abc']);
    expect(levelDirs('/sys/fs/cgroup/memory', ['dockbook', 'abc'])).toEqual(['/sys/fs/cgroup/memory/dockbook', '/sys/fs/cgroup/memory/dockbook/abc']);
  });

  it('refuses paths that climb out of the hierarchy or name its root', () => {
    expect(() => cgroupsPathLevels('/dockbook/../../etc')).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    expect(() => cgroupsPathLevels('/')).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });

  it('refuses the systemd driver form, which names a unit rather than a directory', () => {
    expect(() => cgroupsPathLevels('system.slice:docker:abc')).toThrow(expect.objectContaining({ code: 'E_UNSUPPORTED' }));
  });
});
