import { afterEach, describe, expect, it } from 'vitest';
import type { SimKernel } from '../../core/sim/index.js';
import { boot, readAll, run } from './sim-helpers.js';

describe('simulated processes and namespaces', () => {
  let k: SimKernel;
  afterEach(() => k.shutdown());

  it('numbers a process in its own pid namespace and in every ancestor', async () => {
    k = boot();
    const p = await k.spawn({ argv: ['sh', '-c', 'echo $$; grep NSpid /proc/self/status; sleep 5'], namespaces: { create: ['pid', 'mnt'] } });
    const text = await readAll(p.stdout);
    const [self, nspid] = text.trim().split('\n');
    expect(self).toBe('1');
    // grep is the shell's child: pid 2 inside, a larger one on the host (whose /proc this is).
    expect(nspid).toMatch(/^NSpid:\t(\d+)\t2$/);
    expect(Number(/\t(\d+)\t/.exec(nspid!)?.[1])).toBe(p.pid + 1);
    expect(p.pid).toBeGreaterThan(1);
    expect(await p.exited).toEqual({ code: 0, signal: null });
  });

  it('gives shared namespaces the same inode number and new ones a new number', async () => {
    k = boot();
    const a = await k.spawn({ argv: ['sleep', '10'], namespaces: { create: ['uts', 'net'] }, hostname: 'box' });
    const b = await k.spawn({ argv: ['sleep', '10'], namespaces: { join: { uts: `/proc/${a.pid}/ns/uts` } } });
    const engine = await k.namespacesOf(await k.pid());
    const na = await k.namespacesOf(a.pid);
    const nb = await k.namespacesOf(b.pid);
    expect(na.uts).not.toBe(engine.uts);
    expect(nb.uts).toBe(na.uts);
    expect(nb.net).toBe(engine.net);
    expect(na.mnt).toBe(engine.mnt);
    expect((await run(k, ['hostname'])).out).toBe('dockbook-sim\n');
    await k.kill(a.pid, 'SIGKILL');
    await k.kill(b.pid, 9);
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await b.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('ends a process with SIGTERM, reports exit codes, and refuses unknown pids with ESRCH', async () => {
    k = boot();
    const p = await k.spawn({ argv: ['sleep', '100'] });
    await k.kill(p.pid, 'SIGTERM');
    expect(await p.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect((await run(k, ['sh', '-c', 'exit 3'])).code).toBe(3);
    await expect(k.kill(99999, 'SIGKILL')).rejects.toMatchObject({ errnoCode: 'ESRCH', message: 'kill(99999, SIGKILL): ESRCH' });
    await expect(k.spawn({ argv: ['nonexistent'] })).rejects.toMatchObject({ message: 'execve(nonexistent): ENOENT' });
  });

  it('kills every process of a pid namespace when its init dies', async () => {
    k = boot();
    const init = await k.spawn({ argv: ['sh', '-c', 'sleep 100 & sleep 100 & wait'], namespaces: { create: ['pid'] } });
    await k.sleep(1);
    const before = [...k.machine.procs.values()].filter((p) => p.comm === 'sleep').length;
    expect(before).toBe(2);
    await k.kill(init.pid, 'SIGKILL');
    await init.exited;
    await k.sleep(1);
    expect([...k.machine.procs.values()].filter((p) => p.comm === 'sleep')).toEqual([]);
  });

  it('passes stdin through and streams stdout and stderr', async () => {
    k = boot();
    const r = await run(k, ['sh', '-c', 'read a; echo out:$a; echo err:$a >&2'], 'hi\n');
    expect(r).toEqual({ out: 'out:hi\n', err: 'err:hi\n', code: 0, signal: null });
  });

  it('sleeps in virtual time: a 30 s sleep takes no real time', async () => {
    k = boot();
    const t0 = k.monotonic();
    expect((await run(k, ['sleep', '30'])).code).toBe(0);
    expect(k.monotonic() - t0).toBeGreaterThanOrEqual(30_000);
    expect(k.monotonic() - t0).toBeLessThan(30_100);
  });
});
