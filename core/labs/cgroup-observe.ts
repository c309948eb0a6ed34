import type { Kernel } from '../kernel/kernel.js';
import type { CgroupObservation } from '../../labs/observation-types.js';
import { CgroupReader, flagRows } from './cgroup-read.js';
import type { CgroupSampler } from './cgroup-sampler.js';
import type { ContainerBook } from './container-book.js';

/** A container's cgroup as a lab looks at it: limits, counters, the step's sampled window and the flag table. */
export async function observeCgroup(k: Kernel, book: ContainerBook, sampler: CgroupSampler | null, container: string): Promise<CgroupObservation> {
  const id = book.idOf(container);
  const rec = book.record(container);
  const reader = id === null ? null : await CgroupReader.open(k, id);
  return {
    kind: 'cgroup',
    container,
    containerId: id,
    version: reader?.version ?? null,
    paths: reader?.paths() ?? {},
    settings: reader ? await reader.settings() : null,
    sample: reader ? await reader.sample() : null,
    window: sampler?.window(container) ?? null,
    oomKilled: rec?.State.OOMKilled ?? false,
    flags: !rec ? [] : reader ? await reader.flags(rec.HostConfig) : await flagRows(rec.HostConfig, 1, null),
  };
}
