import { beforeAll, expect, it } from 'vitest';
import { runDoctor } from '../../core/doctor/doctor.js';
import type { Kernel } from '../../core/kernel/kernel.js';
import { describeRoot } from '../helpers/host.js';

describeRoot('doctor on this host (real kernel)', () => {
  let kernel: Kernel;
  beforeAll(async () => {
    const { LinuxKernel } = await import('../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });

  it('reports root, the kernel, overlayfs, cgroups, namespaces and link creation', async () => {
    const r = await runDoctor(kernel, { stateDir: '/var/lib/dockbook', probePrefix: 'dbktest-doctor' });
    const byId = Object.fromEntries(r.checks.map((c) => [c.id, c]));
    expect(r.host.root).toBe(true);
    expect(byId['root']?.status).toBe('ok');
    expect(byId['linux']?.detail).toContain((await kernel.uname()).release);
    expect(byId['namespaces']?.status).toBe('ok');
    expect(byId['links']).toMatchObject({ status: 'ok', detail: expect.stringContaining('bridge, veth, macvlan') });
    const mounted = (await kernel.mountTable()).filter((m) => m.fstype === 'cgroup' || m.fstype === 'cgroup2');
    expect(r.cgroups.hierarchies.map((h) => h.mountPoint).sort()).toEqual([...new Set(mounted.map((m) => m.mountPoint))].sort());
  });

  it('leaves no probe namespace behind', async () => {
    await runDoctor(kernel, { stateDir: '/var/lib/dockbook', probePrefix: 'dbktest-doctor' });
    expect((await kernel.netnsList()).filter((n) => n.startsWith('dbktest-doctor'))).toEqual([]);
  });
});
