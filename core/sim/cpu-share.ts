import type { CgroupNode } from './cgroup/cgroup-node.js';

/** A task that wants the CPU now. */
export interface Runnable {
  readonly key: number;
  /** Its cgroup in the cpu hierarchy: tasks of one group share the group's weight. */
  readonly group: CgroupNode | null;
  readonly shares: number;
  readonly cores: readonly number[];
}

/**
 * How CFS shares the cores among runnable tasks, as rates (CPU ms per ms):
 * the load balancer puts each task on the least loaded core its cpuset
 * allows, and a core is split by weight. A group's weight (cpu.shares) is
 * shared among its runnable tasks, so two containers at 512 and 1024 on one
 * core get a third and two thirds however many tasks each runs.
 */
export function assignCores(tasks: readonly Runnable[], ncpus: number): Map<number, number> {
  const perGroup = new Map<CgroupNode | null, number>();
  for (const t of tasks) perGroup.set(t.group, (perGroup.get(t.group) ?? 0) + 1);
  const weight = (t: Runnable): number => (t.group === null ? t.shares : t.shares / perGroup.get(t.group)!);
  const load = new Array<number>(ncpus).fill(0);
  const placed: Array<[Runnable, number]> = [];
  // Pinned tasks first (they have no choice), then heaviest first, as a balancer would settle.
  const span = (t: Runnable): number => t.cores.filter((c) => c >= 0 && c < ncpus).length || ncpus;
  const order = [...tasks].sort((a, b) => span(a) - span(b) || weight(b) - weight(a) || a.key - b.key);
  for (const t of order) {
    const allowed = t.cores.filter((c) => c >= 0 && c < ncpus);
    const choices = allowed.length ? allowed : load.map((_, i) => i);
    let best = choices[0]!;
    for (const c of choices) if (load[c]! < load[best]!) best = c;
    load[best]! += weight(t);
    placed.push([t, best]);
  }
  const rates = new Map<number, number>();
  for (const [t, core] of placed) rates.set(t.key, weight(t) / load[core]!);
  return rates;
}

/** "0-2,5" → [0, 1, 2, 5]; empty → null (no restriction). */
export function parseCpuList(text: string): number[] | null {
  const out: number[] = [];
  for (const part of text.trim().split(',').filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    for (let i = Number(m[1]); i <= Number(m[2] ?? m[1]); i++) out.push(i);
  }
  return out.length ? out : null;
}
