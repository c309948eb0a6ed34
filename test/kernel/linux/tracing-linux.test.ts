import { beforeAll, expect, it } from 'vitest';
import type { KernelTraceEvent } from '../../../core/kernel/events.js';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { KernelTracer } from '../../../core/kernel/tracing-kernel.js';
import { describeRoot, readAll, uniqueName } from '../../helpers/host.js';

describeRoot('KernelTracer over the real kernel', () => {
  let linux: Kernel;
  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    linux = new LinuxKernel();
  });

  it('records each real call in order, and a held call really does not happen until continue()', async () => {
    const tracer = new KernelTracer(linux);
    const events: KernelTraceEvent[] = [];
    tracer.subscribe((e) => events.push(e));
    const name = uniqueName('trace');
    tracer.hold((call) => call === 'netnsCreate');

    const work = (async () => {
      const netns = await tracer.kernel.netnsCreate(name);
      await tracer.kernel.linkAdd({ kind: 'bridge', name: 'br-t' }, { netns });
      const proc = await tracer.kernel.spawn({ argv: ['/bin/cat', '/proc/net/dev'], namespaces: { join: { net: netns } } });
      const out = await readAll(proc.stdout);
      await proc.exited;
      await tracer.kernel.netnsDelete(name);
      return out;
    })();

    try {
      await new Promise((r) => setTimeout(r, 100));
      // Held: the kernel has not been asked yet.
      expect(await linux.netnsList()).not.toContain(name);
      expect(events).toMatchObject([{ type: 'call-start', call: 'netnsCreate', held: true }]);
      tracer.continue();
      const out = await work;
      expect(out).toContain('br-t');
    } finally {
      tracer.release();
      await work.catch(() => {});
      await linux.netnsDelete(name).catch(() => {});
    }

    const ends = events.filter((e) => e.type === 'call-end');
    expect(ends.map((e) => e.call)).toEqual(['netnsCreate', 'linkAdd', 'spawn', 'netnsDelete']);
    expect(ends.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(ends[0]).toMatchObject({ args: [name], result: `/run/netns/${name}` });
    expect(ends[2]).toMatchObject({ result: { pid: expect.any(Number) } });
  });

  it('records a real failure with its errno', async () => {
    const tracer = new KernelTracer(linux);
    const events: KernelTraceEvent[] = [];
    tracer.subscribe((e) => events.push(e));
    await expect(tracer.kernel.readText('/proc/dbktest-nope')).rejects.toThrow();
    expect(events.at(-1)).toMatchObject({ type: 'call-end', call: 'readText', error: { errno: 2, code: 'ENOENT' } });
  });
});
