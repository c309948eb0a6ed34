import type { Kernel } from '../kernel/kernel.js';
import type { ExitStatus } from '../kernel/types.js';
import { processStartTime, recordPaths, type ContainerRecord } from './container-record.js';
import { signalName } from './oci/signals.js';
import type { ContainerStatus } from './oci/state-types.js';

/**
 * Where a container is in its life, read from the host each time rather than
 * remembered: the shim's exit file says stopped; a live init still holding
 * the exec fifo says created; a live init without it says running.
 */
export async function containerStatus(kernel: Kernel, root: string, rec: ContainerRecord): Promise<ContainerStatus> {
  const p = recordPaths(root, rec.id);
  if (await kernel.exists(p.exitFile)) return 'stopped';
  const start = await processStartTime(kernel, rec.pid);
  if (start === null || start !== rec.pidStartTime) return 'stopped';
  return (await kernel.exists(p.execFifo)) ? 'created' : 'running';
}

/** Reads `exited N` / `signaled N` as the shim wrote it. */
export async function readExit(kernel: Kernel, root: string, id: string): Promise<ExitStatus | null> {
  try {
    const [how, n] = (await kernel.readText(recordPaths(root, id).exitFile)).trim().split(' ');
    if (how === 'exited') return { code: Number(n), signal: null };
    if (how === 'signaled') return { code: null, signal: signalName(Number(n)) ?? `SIG${n}` };
  } catch { /* not stopped yet */ }
  return null;
}

/** Waits for a container to stop, when this process is not its shim's parent. */
export async function waitStopped(kernel: Kernel, root: string, rec: ContainerRecord, timeoutMs = 10_000): Promise<boolean> {
  const until = kernel.monotonic() + timeoutMs;
  let delay = 1;
  while (kernel.monotonic() < until) {
    if ((await containerStatus(kernel, root, rec)) === 'stopped') return true;
    await kernel.sleep(delay);
    delay = Math.min(delay * 2, 50);
  }
  return false;
}
