import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { KernelError } from '../../core/kernel/kernel-error.js';
import type { KernelTraceEvent } from '../../core/kernel/events.js';
import type { InitCall } from '../../core/kernel/init-batch.js';
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

  it('traces a batch of init calls as one start and end per call, with the timings the init reported, and no event of its own', async () => {
    const init = { pid: 42, shimPid: 41 };
    const fake = {
      ...recordingKernel([]),
      initBatch: async () => [
        { ok: true, value: undefined, startedAt: 5000.25, ms: 0.5 },
        { ok: false, error: new KernelError('mount', '/r/x', 'ENODEV'), startedAt: 5001, ms: 0.25 },
      ],
    } as unknown as Kernel;
    const tracer = new KernelTracer(fake);
    const events: KernelTraceEvent[] = [];
    tracer.subscribe((e) => events.push(e));
    const calls: InitCall[] = [
      { call: 'mkdir', args: ['/r/x', { recursive: true, init }] },
      { call: 'mount', args: [{ source: 'none', target: '/r/x', fstype: 'nofs' }, { init }] },
      { call: 'pivotRoot', args: ['.', '.', { init }] },
    ];
    const outcomes = await tracer.kernel.initBatch(init, calls);
    expect(outcomes).toHaveLength(2);
    expect(events.map((e) => `${e.type}:${e.seq}:${e.call}`)).toEqual([
      'call-start:1:mkdir', 'call-end:1:mkdir', 'call-start:2:mount', 'call-end:2:mount',
    ]);
    expect(events[1]).toMatchObject({ args: ['/r/x', { recursive: true, init: { pid: 42 } }], result: null, startedAt: 5000.25, ms: 0.5 });
    expect(events[3]).toMatchObject({ error: { errno: 19, code: 'ENODEV', message: 'mount(/r/x): ENODEV' }, startedAt: 5001, ms: 0.25 });
  });

  it('while holding, runs a batch one call at a time, each held until continue()', async () => {
    const ran: string[] = [];
    let batches = 0;
    const fake = { ...recordingKernel(ran), initBatch: async () => { batches++; return []; } } as unknown as Kernel;
    const tracer = new KernelTracer(fake);
    const init = { pid: 42, shimPid: 41 };
    tracer.hold();
    const work = tracer.kernel.initBatch(init, [
      { call: 'mkdir', args: ['/a', { init }] },
      { call: 'writeFile', args: ['/a/f', 'x', { init }] },
    ]);
    await new Promise((r) => setTimeout(r, 10));
    expect(ran).toEqual([]);
    tracer.continue();
    await new Promise((r) => setTimeout(r, 10));
    expect(ran).toEqual(['mkdir /a']);
    tracer.continue();
    const outcomes = await work;
    expect(ran).toEqual(['mkdir /a', 'write /a/f']);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(batches).toBe(0);
  });

  it('summarises byte arguments instead of copying them into the trace', async () => {
    const tracer = new KernelTracer(recordingKernel([]));
    const events: KernelTraceEvent[] = [];
    tracer.subscribe((e) => events.push(e));
    await tracer.kernel.writeFile('/f', new Uint8Array(10_000));
    expect(events[0]).toMatchObject({ args: ['/f', '<10000 bytes>'] });
  });
});
