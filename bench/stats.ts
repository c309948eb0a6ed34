/** Medians over repeated runs: the only statistic a noisy 2-core VM supports. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function report(rows: readonly { name: string; ms: number[] }[], reference: string): void {
  const ref = median(rows.find((r) => r.name === reference)?.ms ?? [NaN]);
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    const m = median(r.ms);
    process.stdout.write(`${r.name.padEnd(width)}  median ${m.toFixed(2).padStart(8)} ms  (${(m / ref).toFixed(2)}× ${reference}, n=${r.ms.length})\n`);
  }
}

export interface BenchCase {
  readonly name: string;
  run(): Promise<void> | void;
}

/**
 * Each case once to warm up, then n rounds that run every case in turn: load
 * from anything else on a shared VM then falls on all of them alike, which
 * keeps the ratios honest.
 */
export async function interleavedRuns(n: number, cases: readonly BenchCase[]): Promise<{ name: string; ms: number[] }[]> {
  for (const c of cases) await c.run();
  const rows = cases.map((c) => ({ name: c.name, ms: [] as number[] }));
  for (let i = 0; i < n; i++) {
    for (const [k, c] of cases.entries()) {
      const t0 = performance.now();
      await c.run();
      rows[k]!.ms.push(performance.now() - t0);
    }
  }
  return rows;
}

/** Times one case alone, n runs in a row (interleavedRuns is fairer when several cases are compared). */
export async function timeRuns(n: number, run: () => Promise<void> | void): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run();
    out.push(performance.now() - t0);
  }
  return out;
}
