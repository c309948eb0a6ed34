import type { Kernel } from '../../kernel/kernel.js';
import { cgroupError, errnoOf } from './errors.js';
import { parsePidList } from './keyed-file.js';

/** The cgroup at `dir` and every cgroup below it, deepest first: the order they can be removed in. */
export async function cgroupsBelow(kernel: Kernel, dir: string): Promise<string[]> {
  const entries = await kernel.readdir(dir).catch((e: unknown) => (errnoOf(e) === 'ENOENT' ? null : cgroupError(e, 'readdir', dir)));
  if (entries === null) return [];
  const out: string[] = [];
  for (const e of entries) if (e.type === 'dir') out.push(...(await cgroupsBelow(kernel, `${dir}/${e.name}`)));
  out.push(dir);
  return out;
}

/** Every process in the given cgroups (a cgroup already gone counts as empty), ascending and without repeats. */
export async function processesIn(kernel: Kernel, dirs: readonly string[]): Promise<number[]> {
  const pids = new Set<number>();
  for (const dir of dirs) {
    const path = `${dir}/cgroup.procs`;
    const text = await kernel.readText(path).catch((e: unknown) => (errnoOf(e) === 'ENOENT' ? '' : cgroupError(e, 'read', path)));
    for (const pid of parsePidList(text)) pids.add(pid);
  }
  return [...pids].sort((a, b) => a - b);
}

const RMDIR_TRIES = 8;

/**
 * Removes one empty cgroup. A process that was just killed leaves its cgroup
 * a moment after its parent reaps it, so EBUSY is retried briefly before it
 * is reported. Returns false when the directory was already gone.
 */
export async function removeCgroupDir(kernel: Kernel, dir: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await kernel.rmdir(dir);
      return true;
    } catch (e) {
      const errno = errnoOf(e);
      if (errno === 'ENOENT') return false;
      if (errno !== 'EBUSY' || attempt >= RMDIR_TRIES) cgroupError(e, 'rmdir', dir);
      await kernel.sleep(10 * 2 ** attempt);
    }
  }
}

/**
 * Undoes a create: removes the directories made, newest first. Best effort,
 * because it runs while another error is on its way to the caller; whatever
 * could not be removed is returned so that error can say so.
 */
export async function removeMadeDirs(kernel: Kernel, made: readonly string[]): Promise<string[]> {
  const left: string[] = [];
  for (const dir of [...made].reverse()) {
    await kernel.rmdir(dir).catch((e: unknown) => { if (errnoOf(e) !== 'ENOENT') left.push(dir); });
  }
  return left;
}

/** Makes one cgroup directory: true when made, false when it was there already. */
export async function makeCgroupDir(kernel: Kernel, dir: string): Promise<boolean> {
  try {
    await kernel.mkdir(dir);
    return true;
  } catch (e) {
    if (errnoOf(e) === 'EEXIST') return false;
    return cgroupError(e, 'mkdir', dir);
  }
}

/** Signals each pid (SIGKILL unless told); one that has already exited (ESRCH) is not an error. */
export async function killEach(kernel: Kernel, pids: readonly number[], signal: string | number = 'SIGKILL'): Promise<void> {
  for (const pid of pids) {
    await kernel.kill(pid, signal).catch((e: unknown) => {
      if (errnoOf(e) !== 'ESRCH') throw e;
    });
  }
}
