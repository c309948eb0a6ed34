import type { Kernel } from '../kernel/kernel.js';
import type { FileStat } from '../kernel/types.js';
import { isKernelError } from '../kernel/kernel-error.js';

let counter = 0;

/** A name no other writer in this engine will pick: the engine's pid is not reachable here, so time + counter + randomness. */
export function tempName(tag: string): string {
  counter += 1;
  return `.tmp-${tag}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Writes a whole file so readers see the old content or the new, never half:
 * write beside it, then rename over it (rename is atomic within a directory).
 */
export async function writeFileAtomic(kernel: Kernel, dir: string, name: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${dir}/${tempName(name)}`;
  try {
    await kernel.writeFile(tmp, data, { mode: 0o644 });
    await kernel.rename(tmp, `${dir}/${name}`);
  } catch (e) {
    await kernel.remove(tmp, { force: true }).catch(() => {});
    throw e;
  }
}

export async function readJsonOr<T>(kernel: Kernel, path: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await kernel.readText(path)) as T;
  } catch (e) {
    if (isKernelError(e) && e.errnoCode === 'ENOENT') return fallback;
    throw e;
  }
}

export function isMissing(e: unknown): boolean {
  return isKernelError(e) && (e.errnoCode === 'ENOENT' || e.errnoCode === 'ENOTDIR');
}

/** lstat, or null when nothing is there; any other failure still throws. */
export async function lstatOrNull(kernel: Kernel, path: string): Promise<FileStat | null> {
  try {
    return await kernel.lstat(path);
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}
