import { describe, expect, it } from 'vitest';
import { orderMemoryLimits } from '../../../core/runtime/cgroups/memory-order.js';
import { planWrites } from '../../../core/runtime/cgroups/plan.js';

const files = (plan: { file: string }[]): string[] => plan.map((w) => w.file);

describe('orderMemoryLimits', () => {
  const plan = planWrites(1, { memory: { limit: 512 << 20, swap: 1024 << 20 }, pids: { limit: 5 } });

  it('keeps memory before memsw when the new limit fits under the current memsw (a fresh cgroup\'s is unlimited)', () => {
    expect(files(orderMemoryLimits(plan, null))).toEqual(['memory.limit_in_bytes', 'memory.memsw.limit_in_bytes', 'pids.max']);
    expect(files(orderMemoryLimits(plan, 600 << 20))).toEqual(['memory.limit_in_bytes', 'memory.memsw.limit_in_bytes', 'pids.max']);
  });

  it('writes memsw first when raising the memory limit above the current memsw limit', () => {
    expect(files(orderMemoryLimits(plan, 256 << 20))).toEqual(['memory.memsw.limit_in_bytes', 'memory.limit_in_bytes', 'pids.max']);
    const unlimited = planWrites(1, { memory: { limit: -1, swap: -1 } });
    expect(files(orderMemoryLimits(unlimited, 256 << 20))).toEqual(['memory.memsw.limit_in_bytes', 'memory.limit_in_bytes']);
  });
});
