import { DockbookError } from '../errors.js';
import { major, minor } from '../kernel/device-numbers.js';
import type { Kernel } from '../kernel/kernel.js';
import type { LinuxBlockIO, LinuxThrottleDevice } from '../runtime/cgroups/resources.js';
import type { HostConfig, ThrottleDevice } from './model.js';

/** Docker's HostConfig fields and the OCI blockIO lists they become. */
const FIELDS = [
  ['BlkioDeviceReadBps', 'throttleReadBpsDevice', '--device-read-bps'],
  ['BlkioDeviceWriteBps', 'throttleWriteBpsDevice', '--device-write-bps'],
  ['BlkioDeviceReadIOps', 'throttleReadIOPSDevice', '--device-read-iops'],
  ['BlkioDeviceWriteIOps', 'throttleWriteIOPSDevice', '--device-write-iops'],
] as const;

/**
 * `--device-write-bps /dev/vda:1mb` and its siblings name a device by path;
 * the cgroup files want its numbers. Read at start, as dockerd does, so a
 * device that is gone fails the start with nothing made.
 */
export async function throttleDevices(kernel: Kernel, host: HostConfig): Promise<Partial<LinuxBlockIO>> {
  const out: Record<string, LinuxThrottleDevice[]> = {};
  for (const [field, oci, flag] of FIELDS) {
    const list: readonly ThrottleDevice[] = host[field] ?? [];
    if (list.length === 0) continue;
    out[oci] = await Promise.all(list.map(async (d) => {
      const st = await kernel.stat(d.Path).catch((e: unknown) => {
        throw new DockbookError('E_INVALID_ARGUMENT', `${flag}: cannot use ${d.Path}: no such device`, { hint: 'name a block device of this host, e.g. /dev/vda', cause: e });
      });
      if (st.type !== 'block') throw new DockbookError('E_INVALID_ARGUMENT', `${flag}: ${d.Path} is not a block device`, { hint: 'name a block device of this host, e.g. /dev/vda' });
      return { major: major(st.rdev), minor: minor(st.rdev), rate: d.Rate };
    }));
  }
  return out as Partial<LinuxBlockIO>;
}
