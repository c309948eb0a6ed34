import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { parseMountInfo } from '../../../core/kernel/mountinfo.js';
import { chooseCgroupManager, chooseCgroupVersion } from '../../../core/runtime/cgroups/choose.js';
import { cgroupLayout } from '../../../core/runtime/cgroups/layout.js';

const HYBRID = [
  '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
  '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
  '40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd',
  '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
].join('\n');
const PURE_V2 = '26 22 0:23 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate';
const V2_WITH_NAMED_V1 = `${PURE_V2}\n40 26 0:37 / /run/systemd-compat rw - cgroup cgroup rw,name=systemd`;

/** Just the calls chooseCgroupManager makes: the mount table and cgroup.controllers. */
function probeKernel(mountinfo: string, controllers: string): Kernel {
  return { mountTable: async () => parseMountInfo(mountinfo), readText: async () => controllers } as unknown as Kernel;
}

describe('choosing the cgroup manager', () => {
  it('takes v1 on a hybrid host, where the controllers live in the v1 hierarchies', async () => {
    const choice = chooseCgroupVersion(cgroupLayout(parseMountInfo(HYBRID), () => []));
    expect(choice.version).toBe(1);
    const cg = await chooseCgroupManager(probeKernel(HYBRID, ''), '/dockbook/x');
    expect(cg.version).toBe(1);
    expect(cg.paths()).toEqual({ cpu: '/sys/fs/cgroup/cpu/dockbook/x', memory: '/sys/fs/cgroup/memory/dockbook/x' });
  });

  it('takes v2 on a pure v2 host', async () => {
    const cg = await chooseCgroupManager(probeKernel(PURE_V2, 'cpu memory pids\n'), '/dockbook/x');
    expect(cg.version).toBe(2);
    expect(cg.paths()).toEqual({ unified: '/sys/fs/cgroup/dockbook/x' });
  });

  it('still takes v2 when the only v1 mount is a name= hierarchy with no controllers', () => {
    expect(chooseCgroupVersion(cgroupLayout(parseMountInfo(V2_WITH_NAMED_V1), () => ['cpu']))).toEqual({ version: 2, mountPoint: '/sys/fs/cgroup' });
  });

  it('says no cgroups are mounted when there are none', () => {
    expect(() => chooseCgroupVersion(cgroupLayout([], () => []))).toThrow(expect.objectContaining({ code: 'E_UNSUPPORTED' }));
  });
});
