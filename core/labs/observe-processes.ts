import type { Kernel } from '../kernel/kernel.js';
import type { ProcessRow } from '../../labs/observation-types.js';
import type { ContainerBook } from './container-book.js';
import type { ApiContext } from '../api/api-context.js';

function statusField(status: string, field: string): string | undefined {
  const line = status.split('\n').find((l) => l.startsWith(`${field}:`));
  return line?.slice(field.length + 1).trim();
}

/** One process as /proc describes it, or null when it has already gone. */
async function readProcess(kernel: Kernel, pid: number, role: ProcessRow['role']): Promise<ProcessRow | null> {
  try {
    const status = await kernel.readText(`/proc/${pid}/status`);
    const cmdline = await kernel.readText(`/proc/${pid}/cmdline`).catch(() => '');
    return {
      role,
      pid,
      ppid: Number(statusField(status, 'PPid') ?? 0),
      nsPids: (statusField(status, 'NSpid') ?? String(pid)).split(/\s+/).map(Number),
      name: statusField(status, 'Name') ?? '',
      cmdline: cmdline.split('\0').filter((a) => a !== ''),
    };
  } catch {
    return null;
  }
}

/**
 * The chain Docker builds: the engine, the shim that parents the container
 * (so the engine can restart without killing it), and the container's own
 * processes, found through its cgroup.
 */
export async function observeProcessTree(kernel: Kernel, ctx: ApiContext, book: ContainerBook, name: string): Promise<ProcessRow[]> {
  const rec = book.record(name);
  const rows: ProcessRow[] = [];
  const engine = await readProcess(kernel, await kernel.pid(), 'engine');
  if (engine) rows.push(engine);
  if (!rec?.State.Running) return rows;
  const shim = rec.ShimPid > 0 ? await readProcess(kernel, rec.ShimPid, 'shim') : null;
  if (shim) rows.push(shim);
  const pids = await ctx.engine.pids(name).catch(() => [rec.State.Pid]);
  for (const pid of [...new Set([rec.State.Pid, ...pids])]) {
    const row = await readProcess(kernel, pid, 'container');
    if (row) rows.push(row);
  }
  return rows;
}
