import { DockbookError } from '../../errors.js';
import type { Kernel } from '../../kernel/kernel.js';
import { removeMadeDirs } from './tree.js';

/**
 * Removes the directories a failed create or first apply made, then rethrows
 * its error; if some could not be removed, the error says which, so a
 * failure never leaves stray cgroups behind unannounced.
 */
export async function rollBack(kernel: Kernel, made: readonly string[], error: unknown): Promise<never> {
  const left = await removeMadeDirs(kernel, made);
  if (left.length === 0) throw error;
  const first = error instanceof DockbookError ? error : null;
  throw new DockbookError(first?.code ?? 'E_CGROUP', `${first?.message ?? String(error)}; and could not remove ${left.join(', ')}`, {
    hint: first?.hint ?? 'remove them by hand with rmdir once they are empty',
    cause: error,
  });
}
