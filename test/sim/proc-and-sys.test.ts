import { afterEach, describe, expect, it } from 'vitest';
import type { SimKernel } from '../../core/sim/index.js';
import { boot, run } from './sim-helpers.js';

describe('procfs and sysfs in the simulator', () => {
  let k: SimKernel;
  afterEach(() => k.shutdown());

  it('shows a process: stat field 22, status, cmdline, exe, ns links, /proc/self', async () => {
    k = boot();
    await k.sleep(2000);
    const p = await k.spawn({ argv: ['sleep', '10'] });
    const stat = await k.readText(`/proc/${p.pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    expect(stat.startsWith(`${p.pid} (sleep) S`)).toBe(true);
    expect(fields[19]).toBe('200');
    const status = await k.readText(`/proc/${p.pid}/status`);
    expect(status).toContain('Name:\tsleep\n');
    expect(status).toContain(`PPid:\t${await k.pid()}\n`);
    expect(status).toContain('CapBnd:\t000001ffffffffff\n');
    expect(status).toContain('NoNewPrivs:\t0\n');
    expect(await k.readText(`/proc/${p.pid}/cmdline`)).toBe('sleep\u000010\u0000');
    expect(await k.readlink(`/proc/${p.pid}/exe`)).toBe('/bin/busybox');
    expect(await k.readlink(`/proc/${p.pid}/ns/net`)).toBe(`net:[${(await k.namespacesOf(p.pid)).net}]`);
    expect(await k.readlink('/proc/self')).toBe(String(await k.pid()));
    expect((await run(k, ['sh', '-c', 'readlink /proc/self'])).out).not.toBe(`${await k.pid()}\n`);
    await k.kill(p.pid, 'KILL');
  });

  it('answers /proc/net/dev and /sys/class/net from the reader’s network namespace', async () => {
    k = boot();
    await k.linkAdd({ kind: 'veth', name: 'veth0', peer: 'veth1' });
    expect((await run(k, ['cat', '/proc/net/dev'])).out).toContain('veth1:');
    const inner = await run(k, ['sh', '-c', 'cat /proc/net/dev | tail -n +3; ls /sys/class/net'], undefined);
    expect(inner.out).toContain('veth0');
    const p = await k.spawn({ argv: ['sh', '-c', 'cat /proc/net/dev | tail -n +3 | cut -d: -f1'], namespaces: { create: ['net'] } });
    const { readAll } = await import('./sim-helpers.js');
    expect((await readAll(p.stdout)).trim()).toBe('lo');
  });

  it('lists filesystems, cap_last_cap, the hostname and the mounts', async () => {
    k = boot();
    expect(await k.readText('/proc/filesystems')).toContain('nodev\tcgroup2\n');
    expect(await k.readText('/proc/sys/kernel/cap_last_cap')).toBe('40\n');
    expect(await k.readText('/proc/sys/kernel/hostname')).toBe('dockbook-sim\n');
    expect(await k.readText('/proc/mounts')).toContain('cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0\n');
    expect((await k.readdir('/sys/class/net')).map((e) => e.name)).toEqual(['lo']);
    expect((await run(k, ['cat', '/dev/null'])).code).toBe(0);
  });
});
