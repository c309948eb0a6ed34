import type { Kernel } from '../kernel/kernel.js';
import { chooseCgroupManager, type CgroupManager } from '../runtime/cgroups/manager.js';
import { flagTableFor } from '../runtime/cgroups/flag-table.js';
import { parseKeyedFile, parseLimit } from '../runtime/cgroups/keyed-file.js';
import { resourcesOf } from '../engine/spec-builder.js';
import type { HostConfig } from '../engine/model.js';
import type { CgroupFlagRow, CgroupSample, CgroupSettings } from '../../labs/observation-types.js';

/** The cgroup the engine puts container `id` in (the OCI linux.cgroupsPath it builds). */
export const cgroupsPathOf = (id: string): string => `/dockbook/${id}`;

const num = (t: string | null): number | null => {
  if (t === null) return null;
  const n = Number(t.trim());
  return t.trim() === '' || !Number.isFinite(n) ? null : n;
};
const limit = (t: string | null): number | null => {
  try { return t === null ? null : parseLimit(t); } catch { return null; }
};

/**
 * Reads one container's cgroup through the runtime's own manager (v1 or v2,
 * whichever the engine chose), so a lab sees the files the runtime wrote.
 */
export class CgroupReader {
  private constructor(private readonly kernel: Kernel, private readonly manager: CgroupManager) {}

  static async open(kernel: Kernel, id: string): Promise<CgroupReader | null> {
    const manager = await chooseCgroupManager(kernel, cgroupsPathOf(id));
    return (await manager.exists()) ? new CgroupReader(kernel, manager) : null;
  }

  get version(): 1 | 2 {
    return this.manager.version;
  }

  paths(): Readonly<Record<string, string>> {
    return this.manager.paths();
  }

  private file(controller: string, name: string): Promise<string | null> {
    const dir = this.manager.paths()[this.version === 1 ? controller : 'unified'];
    return dir === undefined ? Promise.resolve(null) : this.kernel.readText(`${dir}/${name}`).catch(() => null);
  }

  /** The counters now, or null once the cgroup is gone (the container exited and was cleaned up). */
  async sample(): Promise<CgroupSample | null> {
    const t = this.kernel.now();
    let stats;
    try {
      stats = await this.manager.stats();
    } catch {
      return null;
    }
    const v1 = this.version === 1;
    const failcnt = v1 ? num(await this.file('memory', 'memory.failcnt'))
      : (parseKeyedFile((await this.file('memory', 'memory.events')) ?? '').get('max') ?? null);
    const swap = num(await this.file('memory', v1 ? 'memory.memsw.usage_in_bytes' : 'memory.swap.current'));
    return {
      t,
      cpu: stats.cpu && { usageUsec: stats.cpu.usageUsec, nrPeriods: stats.cpu.nrPeriods, nrThrottled: stats.cpu.nrThrottled, throttledUsec: stats.cpu.throttledUsec },
      memory: stats.memory && { usage: stats.memory.usageBytes, maxUsage: stats.memory.maxUsageBytes, failcnt, swapUsage: swap, oomKills: stats.memory.oomKills },
    };
  }

  /** The limits as the cgroup files hold them. */
  async settings(): Promise<CgroupSettings> {
    if (this.version === 2) {
      const [q, p] = ((await this.file('cpu', 'cpu.max')) ?? '').trim().split(/\s+/);
      const weight = await this.file('io', 'io.weight') ?? await this.file('io', 'io.bfq.weight');
      return {
        periodUs: num(p ?? null), quotaUs: q === 'max' ? -1 : num(q ?? null), shares: null,
        cpus: (await this.file('cpuset', 'cpuset.cpus'))?.trim() || null,
        memoryLimit: limit(await this.file('memory', 'memory.max')), memswLimit: limit(await this.file('memory', 'memory.swap.max')),
        blkioWeight: weight === null ? null : { file: 'io.weight', value: weight.trim() },
      };
    }
    const cfq = await this.file('blkio', 'blkio.weight');
    const bfq = cfq === null ? await this.file('blkio', 'blkio.bfq.weight') : null;
    return {
      periodUs: num(await this.file('cpu', 'cpu.cfs_period_us')),
      quotaUs: num(await this.file('cpu', 'cpu.cfs_quota_us')),
      shares: num(await this.file('cpu', 'cpu.shares')),
      cpus: (await this.file('cpuset', 'cpuset.cpus'))?.trim() || null,
      memoryLimit: limit(await this.file('memory', 'memory.limit_in_bytes')),
      memswLimit: limit(await this.file('memory', 'memory.memsw.limit_in_bytes')),
      blkioWeight: cfq !== null ? { file: 'blkio.weight', value: cfq.trim() } : bfq !== null ? { file: 'blkio.bfq.weight', value: bfq.trim() } : null,
    };
  }

  /** The flag → file table for the flags this container was created with, each file read back from this host. */
  flags(hostConfig: HostConfig): Promise<CgroupFlagRow[]> {
    return flagRows(hostConfig, this.version, (file) => this.file(file.split('.')[0]!, file));
  }
}

/**
 * Docker's flags as this container used them, the files each maps to on
 * v1 and v2, and what the file on this host holds (`read` null: the cgroup
 * is gone, so only the mapping is shown).
 */
export async function flagRows(hostConfig: HostConfig, version: 1 | 2, read: ((file: string) => Promise<string | null>) | null): Promise<CgroupFlagRow[]> {
  const rows: CgroupFlagRow[] = [];
  for (const r of flagTableFor(resourcesOf(hostConfig))) {
    if (r.ociValue === null) continue;
    const writes = (ws: typeof r.v1.writes) => ws.map((w) => ({ file: w.file, value: w.value, ...(w.fallback ? { fallback: w.fallback.file } : {}) }));
    const mine = version === 1 ? r.v1.writes : r.v2.writes;
    let onHost: CgroupFlagRow['onHost'] = { missing: read === null ? 'the cgroup is gone: the container has exited' : (mine[0]?.impossible ?? mine[0]?.ifMissing ?? 'no file') };
    for (const w of read === null ? [] : mine) {
      for (const file of [w.file, w.fallback?.file].filter((f): f is string => f !== undefined)) {
        const content = await read!(file);
        if (content !== null && !('file' in onHost)) onHost = { file, content: content.trim() };
      }
    }
    rows.push({ flag: r.flag, oci: r.oci, ociValue: r.ociValue, v1: writes(r.v1.writes), v2: writes(r.v2.writes), conversionV1: r.v1.conversion, conversionV2: r.v2.conversion, onHost });
  }
  return rows;
}
