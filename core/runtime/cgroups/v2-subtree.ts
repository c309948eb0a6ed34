import type { Kernel } from '../../kernel/kernel.js';
import { writeCgroupFile } from './apply-writes.js';
import { readOptional } from './read-file.js';

/** The v2 controllers a container's cgroup needs handed down to it. */
export const V2_CONTROLLERS = ['cpu', 'cpuset', 'memory', 'io', 'pids'] as const;

export function controllerList(text: string | null): string[] {
  return (text ?? '').split(/\s+/).filter(Boolean);
}

/**
 * On v2 a cgroup only gets a controller's files if its parent lists the
 * controller in cgroup.subtree_control; the parent can only list what its
 * own cgroup.controllers offers. Turns on, in `dir`, whichever needed
 * controllers it offers but does not yet hand down. Returns the line written,
 * or null when there was nothing to do.
 */
export async function handDownControllers(kernel: Kernel, dir: string): Promise<string | null> {
  const offered = controllerList(await readOptional(kernel, `${dir}/cgroup.controllers`));
  const enabled = controllerList(await readOptional(kernel, `${dir}/cgroup.subtree_control`));
  const missing = V2_CONTROLLERS.filter((c) => offered.includes(c) && !enabled.includes(c));
  if (missing.length === 0) return null;
  const line = missing.map((c) => `+${c}`).join(' ');
  await writeCgroupFile(kernel, `${dir}/cgroup.subtree_control`, line);
  return line;
}
