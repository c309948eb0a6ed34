import { chooseCgroupManager } from '../../runtime/cgroups/manager.js';
import type { ContainerRecordV1 } from '../../engine/model.js';
import type { ApiContext } from '../api-context.js';
import { truthy, type ApiRequest, type ApiResult } from '../http-types.js';

interface Sample {
  readonly read: string;
  readonly cpu: { total: number; user: number; system: number; periods: number; throttledPeriods: number; throttledNs: number };
  readonly systemNs: number;
  readonly onlineCpus: number;
  readonly memory: { usage: number; limit: number; maxUsage: number; stats: Record<string, number> };
  readonly pids: number;
}

/** All CPUs' time since boot in ns, from the first line of /proc/stat (USER_HZ is 100 on Linux). */
async function systemCpuNs(ctx: ApiContext): Promise<{ ns: number; cpus: number }> {
  const text = await ctx.kernel.readText('/proc/stat');
  const first = text.split('\n')[0] ?? '';
  const jiffies = first.split(/\s+/).slice(1, 8).reduce((a, v) => a + Number(v || 0), 0);
  const cpus = text.split('\n').filter((l) => /^cpu\d+ /.test(l)).length;
  return { ns: jiffies * 1e7, cpus };
}

/** With no memory limit a container may use the whole machine: Docker reports MemTotal then. */
async function memTotal(ctx: ApiContext): Promise<number> {
  const m = /^MemTotal:\s+(\d+) kB/m.exec(await ctx.kernel.readText('/proc/meminfo').catch(() => ''));
  return m ? Number(m[1]) * 1024 : 0;
}

async function sample(ctx: ApiContext, rec: ContainerRecordV1): Promise<Sample> {
  const stats = await (await chooseCgroupManager(ctx.kernel, `/dockbook/${rec.Id}`)).stats();
  const sys = await systemCpuNs(ctx);
  const c = stats.cpu;
  const m = stats.memory;
  return {
    read: new Date(ctx.kernel.now()).toISOString(),
    cpu: {
      total: (c?.usageUsec ?? 0) * 1000, user: (c?.userUsec ?? 0) * 1000, system: (c?.systemUsec ?? 0) * 1000,
      periods: c?.nrPeriods ?? 0, throttledPeriods: c?.nrThrottled ?? 0, throttledNs: (c?.throttledUsec ?? 0) * 1000,
    },
    systemNs: sys.ns,
    onlineCpus: sys.cpus,
    memory: { usage: m?.usageBytes ?? 0, limit: Math.min(m?.limitBytes ?? Infinity, (await memTotal(ctx)) || Infinity) || 0, maxUsage: m?.maxUsageBytes ?? 0, stats: { ...(m?.stat ?? {}) } as Record<string, number> },
    pids: stats.pids?.current ?? 0,
  };
}

function cpuStats(s: Sample | null): Record<string, unknown> {
  if (!s) return { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, system_cpu_usage: 0, online_cpus: 0, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } };
  return {
    cpu_usage: { total_usage: s.cpu.total, usage_in_kernelmode: s.cpu.system, usage_in_usermode: s.cpu.user },
    system_cpu_usage: s.systemNs,
    online_cpus: s.onlineCpus,
    throttling_data: { periods: s.cpu.periods, throttled_periods: s.cpu.throttledPeriods, throttled_time: s.cpu.throttledNs },
  };
}

/** Docker's stats document: this sample against the previous one, so a client can compute CPU %. */
function document(rec: ContainerRecordV1, now: Sample, before: Sample | null): Record<string, unknown> {
  return {
    read: now.read,
    preread: before?.read ?? '0001-01-01T00:00:00Z',
    id: rec.Id,
    name: rec.Name,
    num_procs: 0,
    pids_stats: { current: now.pids },
    cpu_stats: cpuStats(now),
    precpu_stats: cpuStats(before),
    memory_stats: { usage: now.memory.usage, max_usage: now.memory.maxUsage, limit: now.memory.limit, stats: now.memory.stats },
    blkio_stats: {},
    networks: {},
  };
}

const SAMPLE_MS = 1000;

/** GET /containers/{id}/stats: one document (stream=false, two samples apart) or one per second. */
export function stats(ctx: ApiContext, id: string, req: ApiRequest): ApiResult {
  const rec = ctx.engine.resolve(id);
  const stream = req.query['stream'] === undefined || truthy(req.query['stream']);
  const oneShot = truthy(req.query['one-shot']);
  return {
    kind: 'stream', status: 200, contentType: 'application/json',
    chunks: async function* (closed) {
      if (!ctx.engine.resolve(rec.Id).State.Running) {
        yield `${JSON.stringify({ read: '0001-01-01T00:00:00Z', id: rec.Id, name: rec.Name, cpu_stats: cpuStats(null), precpu_stats: cpuStats(null), memory_stats: {}, pids_stats: {} })}\n`;
        return;
      }
      let before: Sample | null = oneShot ? null : await sample(ctx, rec);
      if (!oneShot) await ctx.kernel.sleep(SAMPLE_MS);
      for (;;) {
        if (closed.aborted || !ctx.engine.resolve(rec.Id).State.Running) return;
        const now = await sample(ctx, rec).catch(() => null);
        if (!now) return;
        yield `${JSON.stringify(document(rec, now, before))}\n`;
        if (!stream) return;
        before = now;
        await ctx.kernel.sleep(SAMPLE_MS);
      }
    },
  };
}
