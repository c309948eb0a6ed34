import { parseKeyedFile } from './keyed-file.js';

/** The memory.stat numbers `docker stats` needs, in bytes. */
export interface MemoryStatBits {
  /** Anonymous memory (heap, stacks): what cannot be dropped, only swapped. */
  readonly anon: number | null;
  /** Page cache. */
  readonly file: number | null;
  /** Page cache not used lately: docker stats subtracts it from usage, since the kernel frees it first. */
  readonly inactiveFile: number | null;
}

/**
 * v1 names the counters rss/cache and has total_* variants that include
 * child groups; the totals are taken, as usage_in_bytes includes children too.
 */
export function parseMemoryStatV1(text: string): MemoryStatBits {
  const kv = parseKeyedFile(text);
  return {
    anon: kv.get('total_rss') ?? kv.get('rss') ?? null,
    file: kv.get('total_cache') ?? kv.get('cache') ?? null,
    inactiveFile: kv.get('total_inactive_file') ?? kv.get('inactive_file') ?? null,
  };
}

/** v2 memory.stat is hierarchical already. */
export function parseMemoryStatV2(text: string): MemoryStatBits {
  const kv = parseKeyedFile(text);
  return { anon: kv.get('anon') ?? null, file: kv.get('file') ?? null, inactiveFile: kv.get('inactive_file') ?? null };
}

/**
 * How many times the OOM killer killed a process of this group: the oom_kill
 * line of v1 memory.oom_control or v2 memory.events. Null when the kernel
 * is too old to count (v1 before 4.13).
 */
export function parseOomKills(text: string): number | null {
  return parseKeyedFile(text).get('oom_kill') ?? null;
}
