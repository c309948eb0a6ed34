import type { Kernel } from '../../kernel/kernel.js';
import { cgroupError, cgroupFailure, errnoOf } from './errors.js';
import { cgroupsBelow, processesIn, removeCgroupDir } from './tree.js';

/**
 * Removes a cgroup's directories (one per hierarchy, with any child cgroups)
 * bottom-up. It looks for processes in all of them first and refuses before
 * touching anything, so a busy cgroup is never left existing in some
 * hierarchies and gone from others. Parent levels the engine made are
 * removed too once empty; a parent another container still uses stays.
 */
export async function destroyCgroup(kernel: Kernel, cgroupsPath: string, dirs: readonly string[], madeParents: readonly string[]): Promise<void> {
  const trees: string[] = [];
  for (const dir of dirs) trees.push(...(await cgroupsBelow(kernel, dir)));
  const pids = await processesIn(kernel, trees);
  if (pids.length > 0) {
    throw cgroupFailure(`cannot remove cgroup ${cgroupsPath}: process${pids.length > 1 ? 'es' : ''} ${pids.join(', ')} still in it; nothing was removed`,
      'kill them and wait for them to exit first (thaw a frozen cgroup, or they cannot die)');
  }
  const removed: string[] = [];
  const failed: string[] = [];
  for (const dir of trees) {
    try {
      if (await removeCgroupDir(kernel, dir)) removed.push(dir);
    } catch (e) {
      failed.push(`${dir} (${errnoOf(e) ?? String(e)})`);
    }
  }
  if (failed.length > 0) {
    throw cgroupFailure(`removing cgroup ${cgroupsPath} failed for ${failed.join(', ')}`,
      `a process joined or a child cgroup appeared while it was being removed; removed: ${removed.join(', ') || 'nothing'}`);
  }
  for (const dir of [...madeParents].sort((a, b) => b.length - a.length)) {
    await kernel.rmdir(dir).catch((e: unknown) => {
      const errno = errnoOf(e);
      // Another container's cgroup may live beside ours under the same parent.
      if (errno !== 'ENOENT' && errno !== 'EBUSY' && errno !== 'ENOTEMPTY') cgroupError(e, 'rmdir', dir);
    });
  }
}
