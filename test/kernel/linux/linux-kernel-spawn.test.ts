import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { describeRoot, readAll, uniqueName } from '../../helpers/host.js';

const PATH = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' };

describeRoot('LinuxKernel.spawn into namespaces (real kernel)', () => {
  let kernel: Kernel;
  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });

  it('starts a process as PID 1 of a new pid namespace, with its own hostname and a net namespace holding only lo', async () => {
    const proc = await kernel.spawn({
      argv: ['/bin/sh', '-c', 'echo pid=$$; echo host=$(hostname); tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "'],
      env: PATH,
      namespaces: { create: ['pid', 'uts', 'net', 'mnt', 'ipc'] },
      hostname: 'dbktest-box',
    });
    const [out, status] = await Promise.all([readAll(proc.stdout), proc.exited]);
    expect(status).toEqual({ code: 0, signal: null });
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('pid=1');
    expect(lines[1]).toBe('host=dbktest-box');
    expect(lines.slice(2)).toEqual(['lo']);
  });

  it('gives the child different namespace inodes and leaves the engine in its own', async () => {
    const self = await kernel.pid();
    const before = await kernel.namespacesOf(self);
    const proc = await kernel.spawn({ argv: ['/bin/sleep', '5'], env: PATH, namespaces: { create: ['uts', 'net', 'mnt', 'ipc', 'cgroup'] }, hostname: 'dbktest-x' });
    try {
      const child = await kernel.namespacesOf(proc.pid);
      for (const kind of ['uts', 'net', 'mnt', 'ipc', 'cgroup'] as const) expect(child[kind]).not.toBe(before[kind]);
      expect(child.pid).toBe(before.pid);
      expect(await kernel.namespacesOf(self)).toEqual(before);
      expect((await kernel.uname()).nodename).not.toBe('dbktest-x');
    } finally {
      await kernel.kill(proc.pid, 'SIGKILL');
      await proc.exited;
    }
  });

  it('joins an existing net namespace by path', async () => {
    const name = uniqueName('join');
    const netns = await kernel.netnsCreate(name);
    try {
      await kernel.linkAdd({ kind: 'bridge', name: 'dbktest-br0' }, { netns });
      const proc = await kernel.spawn({ argv: ['/bin/cat', '/proc/net/dev'], env: PATH, namespaces: { join: { net: netns } } });
      const out = await readAll(proc.stdout);
      await proc.exited;
      expect(out).toContain('dbktest-br0');
      expect((await kernel.links()).map((l) => l.name)).not.toContain('dbktest-br0');
    } finally {
      await kernel.netnsDelete(name);
    }
  });

  it('reports a missing program as execve ENOENT and stays in its own namespaces', async () => {
    const before = await kernel.namespacesOf(await kernel.pid());
    await expect(kernel.spawn({ argv: ['/nonexistent/dbktest'], namespaces: { create: ['uts', 'net'] } })).rejects.toThrow(/ENOENT/);
    expect(await kernel.namespacesOf(await kernel.pid())).toEqual(before);
  });

  it('refuses a hostname without a new uts namespace, so the host name cannot be changed by mistake', async () => {
    const host = (await kernel.uname()).nodename;
    await expect(kernel.spawn({ argv: ['/bin/true'], hostname: 'dbktest-nope' })).rejects.toThrow(/uts/);
    expect((await kernel.uname()).nodename).toBe(host);
  });

  it('delivers signals by name and reports the signal in the exit status', async () => {
    const proc = await kernel.spawn({ argv: ['/bin/sleep', '30'], env: PATH });
    await kernel.kill(proc.pid, 'SIGTERM');
    expect(await proc.exited).toEqual({ code: null, signal: 'SIGTERM' });
    await expect(kernel.kill(proc.pid, 'SIGTERM')).rejects.toThrow(/ESRCH/);
  });

  afterAll(async () => {
    for (const n of await kernel.netnsList()) if (n.startsWith('dbktest-join')) await kernel.netnsDelete(n).catch(() => {});
  });
});
