import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { describeRoot, uniqueName } from '../../helpers/host.js';

describeRoot('LinuxKernel links, addresses and routes (real kernel, inside a test netns)', () => {
  let kernel: Kernel;
  let name: string;
  let netns: string;
  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });
  beforeEach(async () => {
    name = uniqueName('net');
    netns = await kernel.netnsCreate(name);
  });
  afterEach(async () => {
    await kernel.netnsDelete(name).catch(() => {});
  });

  it('creates a named net namespace that ip netns sees, and deletes it', async () => {
    expect(await kernel.netnsList()).toContain(name);
    const links = await kernel.links({ netns });
    expect(links.map((l) => l.name)).toEqual(['lo']);
    expect(links[0]?.kind).toBe('loopback');
    await kernel.netnsDelete(name);
    expect(await kernel.netnsList()).not.toContain(name);
  });

  it('builds a bridge with a veth attached, addresses it, and routes through it', async () => {
    const where = { netns };
    await kernel.linkAdd({ kind: 'bridge', name: 'br0' }, where);
    await kernel.linkAdd({ kind: 'veth', name: 'vethA', peer: 'vethB' }, where);
    await kernel.linkSet('vethA', { master: 'br0', up: true }, where);
    await kernel.linkSet('br0', { up: true, mac: '02:42:0a:00:00:01' }, where);
    await kernel.addrAdd('br0', '10.231.0.1/24', where);
    await kernel.routeAdd({ dst: '10.232.0.0/16', via: '10.231.0.2' }, where);

    const links = await kernel.links(where);
    const br = links.find((l) => l.name === 'br0');
    const a = links.find((l) => l.name === 'vethA');
    const b = links.find((l) => l.name === 'vethB');
    expect(br).toMatchObject({ kind: 'bridge', up: true, mac: '02:42:0a:00:00:01', addresses: ['10.231.0.1/24'] });
    expect(a).toMatchObject({ kind: 'veth', master: 'br0' });
    expect(a?.peerIndex).toBe(b?.index);
    const routes = await kernel.routes(where);
    expect(routes).toEqual(expect.arrayContaining([expect.objectContaining({ dst: '10.232.0.0/16', via: '10.231.0.2', dev: 'br0' })]));
  });

  it('moves a veth end into another namespace and renames it eth0, as a container gets its interface', async () => {
    const other = uniqueName('net2');
    const otherPath = await kernel.netnsCreate(other);
    try {
      await kernel.linkAdd({ kind: 'veth', name: 'vethHost', peer: 'vethCtr' }, { netns });
      await kernel.linkSet('vethCtr', { netns: otherPath }, { netns });
      await kernel.linkSet('vethCtr', { rename: 'eth0', up: true }, { netns: otherPath });
      expect((await kernel.links({ netns: otherPath })).map((l) => l.name).sort()).toEqual(['eth0', 'lo']);
      expect((await kernel.links({ netns })).map((l) => l.name)).not.toContain('vethCtr');
    } finally {
      await kernel.netnsDelete(other);
    }
  });

  it('takes link names that look like ip keywords (a, dev, up)', async () => {
    for (const n of ['a', 'dev', 'up']) await kernel.linkAdd({ kind: 'bridge', name: n }, { netns });
    expect((await kernel.links({ netns })).map((l) => l.name).sort()).toEqual(['a', 'dev', 'lo', 'up']);
  });

  it('fails clearly on a duplicate link and on a missing one', async () => {
    await kernel.linkAdd({ kind: 'bridge', name: 'br0' }, { netns });
    await expect(kernel.linkAdd({ kind: 'bridge', name: 'br0' }, { netns })).rejects.toMatchObject({ errnoCode: 'EEXIST' });
    await expect(kernel.linkDelete('nope0', { netns })).rejects.toMatchObject({ errnoCode: 'ENODEV' });
  });

  it('rejects a netns name that could escape /run/netns', async () => {
    await expect(kernel.netnsCreate('../etc')).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });
});
