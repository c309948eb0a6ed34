import { afterEach, describe, expect, it } from 'vitest';
import type { SimKernel } from '../../core/sim/index.js';
import { boot, run } from './sim-helpers.js';

describe('links, addresses and routes per network namespace', () => {
  let k: SimKernel;
  afterEach(() => k.shutdown());

  it('pairs veths across namespaces, bridges them and routes', async () => {
    k = boot();
    const ns = await k.netnsCreate('blue');
    expect(ns).toBe('/run/netns/blue');
    expect(await k.netnsList()).toEqual(['blue']);
    await k.linkAdd({ kind: 'bridge', name: 'br0' });
    await k.linkAdd({ kind: 'veth', name: 'vh', peer: 'vc' });
    await k.linkSet('vh', { master: 'br0', up: true });
    await k.linkSet('vc', { netns: ns });
    await k.linkSet('vc', { rename: 'eth0', up: true }, { netns: ns });
    await k.addrAdd('eth0', '10.0.0.2/24', { netns: ns });
    await k.routeAdd({ dst: 'default', via: '10.0.0.1' }, { netns: ns });
    const host = await k.links();
    const inside = await k.links({ netns: ns });
    const vh = host.find((l) => l.name === 'vh')!;
    const eth0 = inside.find((l) => l.name === 'eth0')!;
    expect(vh).toMatchObject({ kind: 'veth', master: 'br0', up: true, peerIndex: eth0.index });
    expect(eth0).toMatchObject({ kind: 'veth', up: true, peerIndex: vh.index, addresses: ['10.0.0.2/24'] });
    expect(inside.map((l) => l.name)).toEqual(['lo', 'eth0']);
    expect(await k.routes({ netns: ns })).toEqual([
      { dst: 'default', via: '10.0.0.1', dev: 'eth0', scope: 'global' },
      { dst: '10.0.0.0/24', dev: 'eth0', scope: 'link' },
    ]);
    const p = await k.spawn({ argv: ['ls', '/sys/class/net'], namespaces: { join: { net: ns } } });
    expect(p.pid).toBeGreaterThan(0);
    await k.netnsDelete('blue');
    expect(await k.netnsList()).toEqual([]);
  });

  it('fails like ip(8): duplicates, missing devices, a macvlan without parent', async () => {
    k = boot();
    await k.linkAdd({ kind: 'veth', name: 'a', peer: 'b' });
    await expect(k.linkAdd({ kind: 'bridge', name: 'a' })).rejects.toMatchObject({ message: 'ip link add(name a type bridge): EEXIST', code: 'E_NETLINK' });
    await expect(k.linkSet('zz', { up: true })).rejects.toMatchObject({ errnoCode: 'ENODEV' });
    await expect(k.linkAdd({ kind: 'macvlan', name: 'mv', parent: 'nope' })).rejects.toMatchObject({ errnoCode: 'ENODEV' });
    await k.linkAdd({ kind: 'macvlan', name: 'mv', parent: 'a' });
    expect((await k.links()).find((l) => l.name === 'mv')?.kind).toBe('macvlan');
    await k.linkDelete('a');
    expect((await k.links()).map((l) => l.name)).toEqual(['lo']);
    expect((await run(k, ['ls', '/sys/class/net'])).out).toBe('lo\n');
  });
});
