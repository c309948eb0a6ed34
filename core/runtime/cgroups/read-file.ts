import type { Kernel } from '../../kernel/kernel.js';
import { cgroupError, errnoOf } from './errors.js';

/** A cgroup file that must be there; a failure names the file as E_CGROUP. */
export function readRequired(kernel: Kernel, path: string): Promise<string> {
  return kernel.readText(path).catch((e: unknown) => cgroupError(e, 'read', path));
}

/** A cgroup file that older kernels or some configs lack: null when it is absent. */
export function readOptional(kernel: Kernel, path: string): Promise<string | null> {
  return kernel.readText(path).catch((e: unknown) => (errnoOf(e) === 'ENOENT' ? null : cgroupError(e, 'read', path)));
}
