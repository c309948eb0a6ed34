import { describe, expect, it } from 'vitest';
import type { KernelTraceEvent } from '../../core/kernel/events.js';
import { KernelTracer } from '../../core/kernel/tracing-kernel.js';
import { createContainer } from '../../core/runtime/container-create.js';
import { deleteContainer, startContainer } from '../../core/runtime/container-ops.js';
import { defaultSpec } from '../../core/runtime/oci/default-spec.js';
import { installBusyboxRootfs, SimKernel } from '../../core/sim/index.js';
import { readAll } from './sim-helpers.js';

async function lifecycleTrace(seed: number): Promise<{ events: KernelTraceEvent[]; out: string }> {
  const sim = new SimKernel({ seed });
  const tracer = new KernelTracer(sim);
  const events: KernelTraceEvent[] = [];
  tracer.subscribe((e) => events.push(e));
  const kernel = tracer.kernel;
  installBusyboxRootfs(sim.view, '/b/rootfs');
  const spec = defaultSpec({ rootPath: '/b/rootfs', terminal: false, readonly: false, hostname: 'box' });
  spec.process.args = ['sh', '-c', 'echo $$ $(hostname); sleep 1; ps -o pid,comm'];
  spec.linux!.resources = { ...(spec.linux!.resources ?? {}), cpu: { quota: 50_000, period: 100_000 } };
  const { process } = await createContainer(kernel, '/run/rt', 'c1', '/b', { spec, stdio: { kind: 'pipe' } });
  await startContainer(kernel, '/run/rt', 'c1');
  const out = await readAll(process.stdout);
  await process.exited;
  await deleteContainer(kernel, '/run/rt', 'c1');
  sim.shutdown();
  return { events, out };
}

describe('determinism', () => {
  it('replays a container lifecycle with the same seed call for call, time for time', async () => {
    const a = await lifecycleTrace(11);
    const b = await lifecycleTrace(11);
    // busybox sh execs the last command of -c in place: ps is pid 1 by then.
    expect(a.out).toBe('1 box\n  PID COMMAND\n    1 ps\n');
    expect(a.events.length).toBeGreaterThan(50);
    expect(b.events).toEqual(a.events);
    const c = await lifecycleTrace(12);
    expect(c.events.map((e) => e.call)).toEqual(a.events.map((e) => e.call));
  });
});
