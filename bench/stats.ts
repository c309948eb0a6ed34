/** Medians over repeated runs: the only statistic a noisy 2-core VM supports. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function timeRuns(n: number, run: () => Promise<void> | void): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run();
    out.push(performance.now() - t0);
  }
  return out;
}

export function report(rows: readonly { name: string; ms: number[] }[], reference: string): void {
  const ref = median(rows.find((r) => r.name === reference)?.ms ?? [NaN]);
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    const m = median(r.ms);
    process.stdout.write(`${r.name.padEnd(width)}  median ${m.toFixed(2).padStart(8)} ms  (${(m / ref).toFixed(2)}× ${reference}, n=${r.ms.length})\n`);
  }
}
