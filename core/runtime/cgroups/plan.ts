import { FLAG_TABLE, type PlannedWrite } from './flag-table.js';
import type { LinuxResources } from './resources.js';

export interface FlaggedWrite extends PlannedWrite {
  /** The Docker flags this write carries out. */
  readonly flags: readonly string[];
}

/**
 * The writes a config makes on one cgroup version, in order, straight from
 * the flag table. Several flags can produce the very same write (--cpu-quota
 * and --cpu-period both become one cpu.max line on v2): it happens once, at
 * the first row that needs it, and lists every flag behind it.
 */
export function planWrites(version: 1 | 2, r: LinuxResources): FlaggedWrite[] {
  const out: { write: PlannedWrite; flags: string[] }[] = [];
  const seen = new Map<string, { write: PlannedWrite; flags: string[] }>();
  for (const row of FLAG_TABLE) {
    for (const write of version === 1 ? row.toV1(r) : row.toV2(r)) {
      const key = `${write.file}\n${write.value}`;
      const earlier = seen.get(key);
      if (earlier) {
        if (!earlier.flags.includes(row.flag)) earlier.flags.push(row.flag);
        continue;
      }
      const entry = { write, flags: [row.flag] };
      seen.set(key, entry);
      out.push(entry);
    }
  }
  return out.map(({ write, flags }) => ({ ...write, flags }));
}
