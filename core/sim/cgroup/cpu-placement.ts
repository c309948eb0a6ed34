import type { CpuPlacement } from '../cpu-model.js';
import { parseCpuList } from '../cpu-share.js';
import type { SimProcess } from '../process.js';
import type { CgroupNode, Hierarchy } from './cgroup-node.js';

/**
 * Finds a process's cgroups for the CPU model, whatever the layout: one
 * unified tree, or v1 hierarchies where cpu, cpuacct and cpuset may each be
 * mounted alone (as on the lab hosts) or together.
 */
export function cpuPlacement(hierarchies: readonly Hierarchy[], ncpus: number): CpuPlacement {
  const unified = (): Hierarchy | undefined => hierarchies.find((h) => h.version === 2 && h.controllers.length > 0);
  const withController = (c: string): Hierarchy | undefined => hierarchies.find((h) => h.version === 1 && h.has(c)) ?? unified();
  const nodeIn = (p: SimProcess, h: Hierarchy | undefined): CgroupNode | null => (h ? (p.cgroups.get(h.id) ?? null) : null);
  const all = Array.from({ length: ncpus }, (_, i) => i);
  return {
    cpuNode: (p) => nodeIn(p, withController('cpu')),
    cores: (p) => {
      for (const n of nodeIn(p, withController('cpuset'))?.chain() ?? []) {
        const list = parseCpuList(n.cpus);
        if (list) return list;
      }
      return all;
    },
    accountedNodes: (p) => {
      const out = new Set<CgroupNode>();
      for (const h of [withController('cpu'), withController('cpuacct')]) for (const n of nodeIn(p, h)?.chain() ?? []) out.add(n);
      return [...out];
    },
    frozen: (p) => [...p.cgroups.values()].some((n) => n.chain().some((x) => x.frozen)),
  };
}
