import type { Kernel } from '../kernel/kernel.js';
import type { Spec } from './oci/spec-types.js';
import { containerNotFound } from './runtime-errors.js';

/**
 * What the runtime remembers about a container between commands, in
 * `<root>/<id>/state.json`: enough to find its process again and to tell
 * whether it is still that process (a pid can be reused; its start time cannot).
 */
export interface ContainerRecord {
  readonly id: string;
  readonly bundle: string;
  readonly rootfs: string;
  readonly pid: number;
  readonly shimPid: number;
  /** Field 22 of /proc/PID/stat when created: identifies this process among reused pids. */
  readonly pidStartTime: string;
  readonly created: string;
  readonly cgroupsPath: string;
  readonly annotations: Record<string, string>;
  readonly spec: Spec;
}

export interface RecordPaths {
  readonly dir: string;
  readonly state: string;
  readonly execFifo: string;
  readonly exitFile: string;
}

export function recordPaths(root: string, id: string): RecordPaths {
  const dir = `${root}/${id}`;
  return { dir, state: `${dir}/state.json`, execFifo: `${dir}/exec.fifo`, exitFile: `${dir}/exit` };
}

export async function saveRecord(kernel: Kernel, root: string, rec: ContainerRecord): Promise<void> {
  const p = recordPaths(root, rec.id);
  // Written whole then renamed: a reader never sees half a state file.
  await kernel.writeFile(`${p.state}.tmp`, JSON.stringify(rec), { mode: 0o600 });
  await kernel.rename(`${p.state}.tmp`, p.state);
}

export async function loadRecord(kernel: Kernel, root: string, id: string): Promise<ContainerRecord> {
  try {
    return JSON.parse(await kernel.readText(recordPaths(root, id).state)) as ContainerRecord;
  } catch {
    throw containerNotFound(id);
  }
}

export async function listIds(kernel: Kernel, root: string): Promise<string[]> {
  if (!(await kernel.exists(root))) return [];
  const out: string[] = [];
  for (const e of await kernel.readdir(root)) {
    if (e.type === 'dir' && (await kernel.exists(recordPaths(root, e.name).state))) out.push(e.name);
  }
  return out.sort();
}

/** The start time of a process from /proc/PID/stat, or null when it is gone. */
export async function processStartTime(kernel: Kernel, pid: number): Promise<string | null> {
  try {
    const stat = await kernel.readText(`/proc/${pid}/stat`);
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    if (state === 'Z' || state === 'X') return null;
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
