import { describe, expect, it } from 'vitest';
import { buildEngine } from '../../core/engine/build-engine.js';
import { SimKernel } from '../../core/sim/sim-kernel.js';

async function simEngine() {
  const kernel = new SimKernel({ seed: 3 });
  const { engine } = await buildEngine({ kernel, paths: { root: '/var/lib/dockbook', run: '/run/dockbook' } });
  return { kernel, engine };
}

describe('a container whose start fails (the simulator, the engine alone)', () => {
  it('ends its attached streams at once, as dockerd does, so --rm removal does not wait out a reader', async () => {
    const { kernel, engine } = await simEngine();
    const { Id } = await engine.create({ Image: 'busybox', Cmd: ['nosuchcmd'], HostConfig: { AutoRemove: true, NetworkMode: 'none' } });
    let closed = false;
    // What an attach does: hold the removal until its stream ends, and end it when told.
    const release = engine.holdRemoval(Id, () => { closed = true; release(); });
    const t0 = kernel.monotonic();
    await expect(engine.start(Id)).rejects.toMatchObject({ exitCode: 127 });
    expect(closed).toBe(true);
    expect(engine.list(true).map((c) => c.Id)).not.toContain(Id);
    // The bounded wait for readers (2 s) was not what ended it.
    expect(kernel.monotonic() - t0).toBeLessThan(1000);
  });

  it('keeps the hold on a container that ran: a reader still gets to the end of its log before --rm removes it', async () => {
    const { engine } = await simEngine();
    const { Id } = await engine.create({ Image: 'busybox', Cmd: ['true'], HostConfig: { AutoRemove: true, NetworkMode: 'none' } });
    let closed = false;
    const release = engine.holdRemoval(Id, () => { closed = true; });
    const removed = engine.wait(Id, 'removed');
    await engine.start(Id);
    await engine.wait(Id, 'next-exit').catch(() => 0);
    expect(closed).toBe(false);
    expect(engine.list(true).map((c) => c.Id)).toContain(Id);
    release();
    await removed;
    expect(engine.list(true).map((c) => c.Id)).not.toContain(Id);
  });
});
