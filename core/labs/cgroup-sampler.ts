import type { Kernel } from '../kernel/kernel.js';
import type { CgroupSample } from '../../labs/observation-types.js';
import { CgroupReader } from './cgroup-read.js';
import type { ContainerBook } from './container-book.js';
import type { LabEvent } from './lab-events.js';

/** 20 readings a second: a 100 ms CFS period is seen at least twice. */
export const SAMPLE_EVERY_MS = 50;

export interface SampleWindow {
  readonly first: CgroupSample;
  readonly last: CgroupSample;
  readonly count: number;
  readonly peakMemory: number | null;
}

type SampleEvent = Omit<Extract<LabEvent, { type: 'cgroup-sample' }>, 'seq' | 'lab'>;

/**
 * Reads containers' cgroups at a steady rate while a step's containers run,
 * on the kernel's clock (the real one, or the simulator's virtual one), and
 * keeps the first and last reading of each for the step's checks.
 */
export class CgroupSampler {
  private windows = new Map<string, SampleWindow>();

  constructor(private readonly kernel: Kernel, private readonly book: ContainerBook) {}

  /** Forgets the last step's windows. */
  reset(): void {
    this.windows = new Map();
  }

  window(container: string): SampleWindow | null {
    return this.windows.get(container) ?? null;
  }

  /** Samples for `ms`, emitting each reading; a container whose cgroup is gone stops being read. */
  async run(containers: readonly string[], ms: number, step: number, emit: (e: SampleEvent) => void): Promise<void> {
    const k = this.kernel;
    const open: Array<{ name: string; reader: CgroupReader; periodUs: number | null; quotaUs: number | null; memoryLimit: number | null; memswLimit: number | null }> = [];
    for (const name of containers) {
      const id = this.book.idOf(name);
      const reader = id === null ? null : await CgroupReader.open(k, id);
      if (!reader) continue;
      const s = await reader.settings();
      open.push({ name, reader, periodUs: s.periodUs, quotaUs: s.quotaUs, memoryLimit: s.memoryLimit, memswLimit: s.memswLimit });
    }
    const start = k.monotonic();
    for (let tick = 0; open.length > 0; tick++) {
      for (const c of [...open]) {
        const sample = await c.reader.sample();
        if (!sample) {
          open.splice(open.indexOf(c), 1);
          continue;
        }
        this.note(c.name, sample);
        emit({ type: 'cgroup-sample', step, container: c.name, periodUs: c.periodUs, quotaUs: c.quotaUs, memoryLimit: c.memoryLimit, memswLimit: c.memswLimit, sample });
      }
      const next = start + (tick + 1) * SAMPLE_EVERY_MS;
      if (next > start + ms) break;
      await k.sleep(Math.max(0, next - k.monotonic()));
    }
  }

  private note(name: string, s: CgroupSample): void {
    const w = this.windows.get(name);
    const mem = s.memory ? Math.max(s.memory.usage, s.memory.maxUsage ?? 0) : null;
    const peak = mem === null ? (w?.peakMemory ?? null) : Math.max(mem, w?.peakMemory ?? 0);
    this.windows.set(name, { first: w?.first ?? s, last: s, count: (w?.count ?? 0) + 1, peakMemory: peak });
  }
}
