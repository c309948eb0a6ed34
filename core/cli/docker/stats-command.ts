import { call, table, type DockerIo } from './docker-io.js';
import { humanSize } from './system-commands.js';

interface StatsDoc {
  id: string;
  name: string;
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage: number; online_cpus: number; throttling_data: { periods: number; throttled_periods: number } };
  precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage: number };
  memory_stats: { usage?: number; limit?: number };
  pids_stats: { current?: number };
}

/** CPU % as docker computes it: the container's share of all CPU time between two samples, times the CPUs. */
export function cpuPercent(s: StatsDoc): number {
  const cpu = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
  const sys = s.cpu_stats.system_cpu_usage - s.precpu_stats.system_cpu_usage;
  return sys > 0 && cpu > 0 ? (cpu / sys) * s.cpu_stats.online_cpus * 100 : 0;
}

/** `docker stats --no-stream`: one row per running container (or per named one). */
export async function stats(io: DockerIo, ids: readonly string[]): Promise<number> {
  const targets = ids.length ? ids : ((await call(io, { method: 'GET', path: '/containers/json' })).body as { Id: string }[]).map((c) => c.Id);
  const rows: string[][] = [];
  for (const id of targets) {
    const text = (await call(io, { method: 'GET', path: `/containers/${id}/stats`, query: { stream: '0' } })).body;
    const s = (typeof text === 'string' ? JSON.parse(text) : text) as StatsDoc;
    const usage = s.memory_stats.usage ?? 0;
    const limit = s.memory_stats.limit ?? 0;
    rows.push([
      s.id.slice(0, 12), s.name.replace(/^\//, ''), `${cpuPercent(s).toFixed(2)}%`,
      `${humanSize(usage)} / ${humanSize(limit)}`, `${limit ? ((usage / limit) * 100).toFixed(2) : '0.00'}%`,
      '0B / 0B', '0B / 0B', String(s.pids_stats.current ?? 0),
    ]);
  }
  io.out(`${table(['CONTAINER ID', 'NAME', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'NET I/O', 'BLOCK I/O', 'PIDS'], rows)}\n`);
  return 0;
}
