import type { FlaggedWrite } from './plan.js';

const LIMIT = 'memory.limit_in_bytes';
const MEMSW = 'memory.memsw.limit_in_bytes';

/**
 * On v1 the kernel keeps memory.limit_in_bytes ≤ memory.memsw.limit_in_bytes
 * at every moment. Memory goes first as a rule (a new cgroup's memsw is
 * unlimited), but raising both past the current memsw limit must write memsw
 * first, or the memory write fails with EINVAL.
 */
export function orderMemoryLimits(plan: readonly FlaggedWrite[], currentMemsw: number | null): FlaggedWrite[] {
  const limitAt = plan.findIndex((w) => w.file === LIMIT);
  const memswAt = plan.findIndex((w) => w.file === MEMSW);
  if (limitAt < 0 || memswAt < 0 || currentMemsw === null) return [...plan];
  const newLimit = Number(plan[limitAt]!.value);
  const tooHigh = newLimit < 0 || newLimit > currentMemsw;
  if (!tooHigh) return [...plan];
  const out = plan.filter((_, i) => i !== memswAt);
  out.splice(out.indexOf(plan[limitAt]!), 0, plan[memswAt]!);
  return out;
}
