import type { Kernel } from '../../kernel/kernel.js';
import { writeCgroupFile } from './apply-writes.js';
import { cgroupError } from './errors.js';

/**
 * A new v1 cpuset cgroup starts with empty cpuset.cpus and cpuset.mems, and
 * the kernel refuses to put a task in it (ENOSPC) until both are set. So at
 * every level of the path, an empty one gets its parent's value, the way
 * v2 and cgroup.clone_children would have filled it in.
 */
export async function fillCpusetFromParent(kernel: Kernel, dir: string, parent: string): Promise<void> {
  for (const file of ['cpuset.cpus', 'cpuset.mems']) {
    const read = (path: string): Promise<string> => kernel.readText(path).then((t) => t.trim(), (e: unknown) => cgroupError(e, 'read', path));
    if ((await read(`${dir}/${file}`)) !== '') continue;
    await writeCgroupFile(kernel, `${dir}/${file}`, await read(`${parent}/${file}`));
  }
}
