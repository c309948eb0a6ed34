import type { Kernel } from '../../kernel/kernel.js';
import { cgroupError, errnoOf } from './errors.js';
import type { AppliedWrite } from './manager.js';
import type { FlaggedWrite } from './plan.js';

/** Where a controller's files live for this cgroup, or why they are nowhere. */
export type LocateController = (controller: string) => { readonly dir: string } | { readonly reason: string };

export function controllerOf(file: string): string {
  return file.slice(0, file.indexOf('.'));
}

/**
 * Carries out planned writes in order. What this host cannot do (a missing
 * controller, swap accounting off, devices on v2) is reported in the result
 * rather than thrown, the way `docker run` warns and carries on; what the
 * kernel refuses is thrown as E_CGROUP naming the file.
 */
export async function executeWrites(kernel: Kernel, plan: readonly FlaggedWrite[], locate: LocateController): Promise<AppliedWrite[]> {
  const done: AppliedWrite[] = [];
  for (const w of plan) {
    const skip = (file: string, reason: string): void => { done.push({ flags: w.flags, file, value: w.value, applied: false, reason }); };
    if (w.impossible) { skip(w.file, w.impossible); continue; }
    const where = locate(controllerOf(w.file));
    if ('reason' in where) { skip(w.file, where.reason); continue; }
    let file = `${where.dir}/${w.file}`;
    let value = w.value;
    if ((w.fallback || w.ifMissing) && !(await kernel.exists(file))) {
      const alt = w.fallback ? `${where.dir}/${w.fallback.file}` : null;
      if (alt && w.fallback && (await kernel.exists(alt))) {
        file = alt;
        value = w.fallback.value;
      } else if (w.ifMissing) {
        skip(file, w.ifMissing);
        continue;
      }
    }
    await writeCgroupFile(kernel, file, value);
    done.push({ flags: w.flags, file, value, applied: true });
  }
  return done;
}

/** One write to a cgroup file, failing as E_CGROUP with a hint about that file. */
export async function writeCgroupFile(kernel: Kernel, file: string, value: string): Promise<void> {
  try {
    await kernel.writeFile(file, value);
  } catch (e) {
    const errno = errnoOf(e);
    const fileMissing = (errno === 'EACCES' || errno === 'EPERM' || errno === 'ENOENT') && !(await kernel.exists(file));
    cgroupError(e, 'write', file, { value, fileMissing });
  }
}
