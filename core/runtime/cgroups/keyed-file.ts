/**
 * Parses the "key value" files cgroups use for counters (cpu.stat,
 * memory.stat, memory.events, memory.oom_control, cgroup.events). Lines
 * that are not a key and one integer are skipped rather than rejected: the
 * kernel adds keys over time, and a reader must not break on a new one.
 */
export function parseKeyedFile(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(-?\d+)\s*$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/**
 * Above this a memory or pids limit means "none": v1 reports unlimited memory
 * as the largest page-aligned signed 64-bit number (9223372036854771712).
 */
const UNLIMITED_FROM = 2 ** 62;

/** A limit file's value: a number, or null for max / unlimited. */
export function parseLimit(text: string): number | null {
  const t = text.trim();
  if (t === 'max' || t === '-1') return null;
  const n = Number(t);
  if (t === '' || !Number.isFinite(n)) throw new Error(`not a limit: "${t}"`);
  return n >= UNLIMITED_FROM ? null : n;
}

/** A file holding one number (memory.current, pids.current, cpuacct.usage). */
export function parseCounter(text: string): number {
  const t = text.trim();
  const n = Number(t);
  if (t === '' || !Number.isFinite(n)) throw new Error(`not a number: "${t}"`);
  return n;
}

/** cgroup.procs / tasks: one pid per line. */
export function parsePidList(text: string): number[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
}
