import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { attachToBridge, createBridgeNetwork, removeBridgeNetwork } from '../../../core/network/bridge-network.js';
import { detachEndpoint } from '../../../core/network/endpoint.js';
import { Ipam } from '../../../core/network/ipam.js';
import { netnsPlan, setupNone } from '../../../core/network/network-modes.js';
import type { NetworkHost, NetworkRecord } from '../../../core/network/network-record.js';
import { describeRoot } from '../../helpers/host.js';
import { leftovers, NetSandbox, v4 } from './sandbox.js';

describeRoot('bridge networks on the real kernel (inside test namespaces)', () => {
  let kernel: Kernel;
  let sb: NetSandbox;
  let host: NetworkHost;
  let ipam: Ipam;
  let net: NetworkRecord;

  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
    sb = await new NetSandbox(kernel).start();
    host = { kernel, netns: sb.hostPath };
    ipam = new Ipam();
    net = await createBridgeNetwork(host, ipam, { id: 'dbktestnet1', name: 'dbktest1', bridge: 'dbkbr0', subnet: '10.213.10.0/24' });
  });
  afterAll(async () => {
    await sb?.cleanup();
    expect(leftovers()).toEqual({ netns: [], links: [], tables: [] });
  });

  it('makes the bridge with the gateway address on it, up', async () => {
    const br = (await kernel.links({ netns: sb.hostPath })).find((l) => l.name === 'dbkbr0');
    expect(br).toMatchObject({ kind: 'bridge', up: true });
    expect(v4(br?.addresses)).toEqual(['10.213.10.1/24']);
    expect(net).toMatchObject({ driver: 'bridge', subnet: '10.213.10.0/24', gateway: '10.213.10.1', bridge: 'dbkbr0' });
  });

  it('attaches two namespaces that then reach each other and the gateway', async () => {
    const a = await sb.netns('ctrA');
    const b = await sb.netns('ctrB');
    const epA = await attachToBridge(host, ipam, net, { container: 'a', netnsPath: a });
    const epB = await attachToBridge(host, ipam, net, { container: 'b', netnsPath: b });
    expect(epA).toMatchObject({ address: '10.213.10.2', mac: '02:42:0a:d5:0a:02', ifname: 'eth0', gateway: '10.213.10.1' });
    expect(epB.address).toBe('10.213.10.3');

    const inA = await kernel.links({ netns: a });
    expect(inA.map((l) => l.name).sort()).toEqual(['eth0', 'lo']);
    expect(inA.find((l) => l.name === 'eth0')).toMatchObject({ kind: 'veth', up: true, mac: epA.mac });
    expect(v4(inA.find((l) => l.name === 'eth0')?.addresses)).toEqual(['10.213.10.2/24']);
    expect(inA.find((l) => l.name === 'lo')?.up).toBe(true);
    expect(await kernel.routes({ netns: a })).toContainEqual(expect.objectContaining({ dst: 'default', via: '10.213.10.1', dev: 'eth0' }));

    const hostEnd = (await kernel.links({ netns: sb.hostPath })).find((l) => l.name === epA.hostIfname);
    expect(epA.hostIfname).toMatch(/^veth[0-9a-f]{7}$/);
    expect(hostEnd).toMatchObject({ kind: 'veth', master: 'dbkbr0', up: true });
    expect(hostEnd?.peerIndex).toBe(inA.find((l) => l.name === 'eth0')?.index);

    expect(await sb.ping(a, epB.address)).toBe(true);
    expect(await sb.ping(b, epA.address)).toBe(true);
    expect(await sb.ping(a, '10.213.10.1')).toBe(true);

    await detachEndpoint(host, ipam, epA);
    await detachEndpoint(host, ipam, epB);
    expect((await kernel.links({ netns: a })).map((l) => l.name)).toEqual(['lo']);
    expect((await kernel.links({ netns: sb.hostPath })).filter((l) => l.kind === 'veth')).toEqual([]);
    expect(ipam.inUse(net.id)).toEqual([]);
    // Detaching again (teardown after a crash) is harmless.
    await detachEndpoint(host, ipam, epA);
  });

  it('none: the namespace has only lo, up', async () => {
    const n = await sb.netns('none');
    await setupNone(kernel, n);
    const links = await kernel.links({ netns: n });
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ name: 'lo', kind: 'loopback', up: true });
    expect(await sb.ping(n, '127.0.0.1')).toBe(true);
  });

  it('container: joins the target\'s namespace, so it sees the same eth0, IP and MAC', async () => {
    const target = await sb.netns('target');
    const ep = await attachToBridge(host, ipam, net, { container: 'target', netnsPath: target });
    const plan = netnsPlan({ kind: 'container', container: 'target' }, () => target);
    expect(plan).toEqual({ kind: 'join', path: target });
    if (plan.kind !== 'join') throw new Error('unreachable');
    const seen = await sb.run(plan.path, ['/bin/busybox', 'ip', 'addr', 'show', 'eth0']);
    expect(seen.out).toContain(ep.mac);
    expect(seen.out).toContain(`${ep.address}/24`);
    await detachEndpoint(host, ipam, ep);
  });

  it('a failed attach leaves no veth and gives the address back', async () => {
    const before = ipam.inUse(net.id);
    const hostVeths = async () => (await kernel.links({ netns: sb.hostPath })).filter((l) => l.kind === 'veth').map((l) => l.name);
    const vethsBefore = await hostVeths();

    await expect(attachToBridge(host, ipam, net, { container: 'ghost', netnsPath: '/run/netns/dbktest-missing-ns' }))
      .rejects.toMatchObject({ code: 'E_NETWORK_ATTACH' });
    expect(await hostVeths()).toEqual(vethsBefore);
    expect(ipam.inUse(net.id)).toEqual(before);

    // A namespace that already has an eth0: the rename fails after the move.
    const busy = await sb.netns('busy');
    await kernel.linkAdd({ kind: 'bridge', name: 'eth0' }, { netns: busy });
    const err = await attachToBridge(host, ipam, net, { container: 'busy', netnsPath: busy }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_NETWORK_ATTACH' });
    expect((err as Error).message).toMatch(/failed to attach busy to network dbktest1/);
    expect(await hostVeths()).toEqual(vethsBefore);
    expect((await kernel.links({ netns: busy })).map((l) => `${l.name}:${l.kind}`).sort()).toEqual(['eth0:bridge', 'lo:loopback']);
    expect(ipam.inUse(net.id)).toEqual(before);
  });

  it('refuses an overlapping network without making a bridge', async () => {
    await expect(createBridgeNetwork(host, ipam, { id: 'dbktestnet2', name: 'dbktest2', bridge: 'dbkbr1', subnet: '10.213.10.128/25' }))
      .rejects.toMatchObject({ code: 'E_SUBNET_OVERLAP', message: 'Pool overlaps with other one on this address space' });
    expect((await kernel.links({ netns: sb.hostPath })).map((l) => l.name)).not.toContain('dbkbr1');
  });

  it('reuses its bridge after an engine restart, and refuses a name held by a link that is no bridge', async () => {
    const again = new Ipam();
    const same = await createBridgeNetwork(host, again, { id: net.id, name: net.name, bridge: 'dbkbr0', subnet: '10.213.10.0/24' });
    expect(same).toEqual(net);
    await kernel.linkAdd({ kind: 'veth', name: 'dbkclash0', peer: 'dbkclash1' }, { netns: sb.hostPath });
    await expect(createBridgeNetwork(host, again, { id: 'dbktestnet3', name: 'dbktest3', bridge: 'dbkclash0', subnet: '10.213.11.0/24' }))
      .rejects.toMatchObject({ code: 'E_EXISTS' });
    expect(again.hasPool('dbktestnet3')).toBe(false);
    expect((await kernel.links({ netns: sb.hostPath })).find((l) => l.name === 'dbkclash0')?.kind).toBe('veth');
    await kernel.linkDelete('dbkclash0', { netns: sb.hostPath });
  });

  it('removes a network only once nothing is attached, and its bridge with it', async () => {
    const c = await sb.netns('ctrC');
    const ep = await attachToBridge(host, ipam, net, { container: 'c', netnsPath: c });
    await expect(removeBridgeNetwork(host, ipam, net)).rejects.toMatchObject({ code: 'E_NETWORK_IN_USE' });
    await detachEndpoint(host, ipam, ep);
    await removeBridgeNetwork(host, ipam, net);
    expect((await kernel.links({ netns: sb.hostPath })).map((l) => l.name)).toEqual(['lo']);
    expect(ipam.hasPool(net.id)).toBe(false);
  });
});
