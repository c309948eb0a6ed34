import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { KernelError } from '../../core/kernel/kernel-error.js';
import type { KernelTraceEvent } from '../../core/kernel/events.js';
import { KernelTracer } from '../../core/kernel/tracing-kernel.js';

/** A kernel whose calls only record that they ran: enough to see ordering and holding. */
function recordingKernel(ran: string[]): Kernel {
  let clock = 1000;
  const partial: Partial<Kernel> = {
    kind: 'sim',
    now: () => clock,
    monotonic: () => (clock += 5),
    mkdir: async (path: string) => { ran.push(`mkdir ${path}`); },
    writeFile: async (path: string) => { ran.push(`write ${path}`); },
    readText: async (path: string) => { ran.push(`read ${path}`); return 'hello'; },
    rmdir: async (path: string) => { throw new KernelError('rmdir', path, 'EBUSY'); },
  };
  return partial as Kernel;
}

describe('KernelTracer', () => {
  it('turns every call into a start and an end event, in order, with seq, args, result and timing', async () => {
    const ran: string[] = [];
    const tracer = new KernelTracer(recordingKernel(ran));
    const events: KernelTraceEvent[] = [];
    tracer.subscribe((e) => events.push(e));

    await tracer.kernel.mkdir('/a');
    const text = await tracer.kernel.readText('/a/f');

    expect(text).toBe('hello');
    expect(events.map((e) => `${e.type}:${e.seq}:${e.call}`)).toEqual([
      'call-start:1:mkdir', 'call-end:1:mkdir', 'call-start:2:readText', 'call-end:2:readText',
    ]);
    const end = events[3];
    expect(end).toMatchObject({ type: 'call-end', args: ['/a/f'], result: 'hello', startedAt: expect.any(Number) });
    expect(end?.type === 'call-end' && end.ms).toBeGreaterThan(0);
  });

  it('records a failure with its errno and still throws it', async () => {
    const tracer = new KernelTracer(recordingKernel([]));
    const events: KernelTraceEvent[] = [];
    tracer.subscribe((e) => events.push(e));
    await expect(tracer.kernel.rmdir('/sys/fs/cgroup/x')).rejects.toThrow('rmdir(/sys/fs/cgroup/x): EBUSY');
    expect(events.at(-1)).toMatchObject({ type: 'call-end', call: 'rmdir', error: { errno: 16, code: 'EBUSY' } });
  });

  it('holds a call until continue(), one call per continue', async () => {
    const ran: string[] = [];
    const tracer = new KernelTracer(recordingKernel(ran));
    const starts: KernelTraceEvent[] = [];
    tracer.subscribe((e) => { if (e.type === 'call-start') starts.push(e); });
    tracer.hold();

    const engineWork = (async () => {
      await tracer.kernel.mkdir('/sys/fs/cgroup/cpu/c1');
      await tracer.kernel.writeFile('/sys/fs/cgroup/cpu/c1/cpu.cfs_quota_us', '50000');
    })();

    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toEqual([]);
    expect(starts).toMatchObject([{ call: 'mkdir', held: true }]);
    expect(tracer.waiting()).toEqual([1]);

    expect(tracer.continue()).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toEqual(['mkdir /sys/fs/cgroup/cpu/c1']);
    expect(tracer.waiting()).toEqual([2]);

    tracer.release();
    await engineWork;
    expect(ran).toHaveLength(2);
    expect(tracer.continue()).toBeNull();
  });

  it('holds only the calls a predicate picks', async () => {
    const ran: string[] = [];
    const tracer = new KernelTracer(recordingKernel(ran));
    tracer.hold((call) => call === 'writeFile');
    await tracer.kernel.mkdir('/x');
    const pending = tracer.kernel.writeFile('/x/y', 'z');
    await new Promise((r) => setTimeout(r, 10));
    expect(ran).toEqual(['mkdir /x']);
    tracer.continue();
    await pending;
    expect(ran).toEqual(['mkdir /x', 'write /x/y']);
  });

  it('summarises byte arguments instead of copying them into the trace', async () => {
    const tracer = new KernelTracer(recordingKernel([]));
    const events: KernelTraceEvent[] = [];
    tracer.subscribe((e) => events.push(e));
    await tracer.kernel.writeFile('/f', new Uint8Array(10_000));
    expect(events[0]).toMatchObject({ args: ['/f', '<10000 bytes>'] });
  });
});
