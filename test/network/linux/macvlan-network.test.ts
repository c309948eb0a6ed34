import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { detachEndpoint } from '../../../core/network/endpoint.js';
import { Ipam } from '../../../core/network/ipam.js';
import { attachToMacvlan, createMacvlanNetwork, removeMacvlanNetwork } from '../../../core/network/macvlan-network.js';
import type { NetworkHost, NetworkRecord } from '../../../core/network/network-record.js';
import { describeRoot } from '../../helpers/host.js';
import { leftovers, NetSandbox, v4 } from './sandbox.js';

describeRoot('macvlan networks on the real kernel (a veth end as the parent, inside test namespaces)', () => {
  let kernel: Kernel;
  let sb: NetSandbox;
  let host: NetworkHost;
  let ipam: Ipam;
  let net: NetworkRecord;
  let parentMac: string;

  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
    sb = await new NetSandbox(kernel).start();
    host = { kernel, netns: sb.hostPath };
    // This kernel has no dummy driver: one end of a veth pair stands in for the host's NIC.
    await kernel.linkAdd({ kind: 'veth', name: 'dbkpar0', peer: 'dbkpar1' }, { netns: sb.hostPath });
    await kernel.linkSet('dbkpar0', { up: true }, { netns: sb.hostPath });
    await kernel.linkSet('dbkpar1', { up: true }, { netns: sb.hostPath });
    parentMac = (await kernel.links({ netns: sb.hostPath })).find((l) => l.name === 'dbkpar0')!.mac;
    ipam = new Ipam();
    net = await createMacvlanNetwork(host, ipam, { id: 'dbktestmv1', name: 'dbkmv', parent: 'dbkpar0', subnet: '10.213.20.0/24' });
  });
  afterAll(async () => {
    await sb?.cleanup();
    expect(leftovers()).toEqual({ netns: [], links: [], tables: [] });
  });

  it('gives each container a macvlan eth0 with its own MAC, and they reach each other over the parent', async () => {
    const a = await sb.netns('mvA');
    const b = await sb.netns('mvB');
    const epA = await attachToMacvlan(host, ipam, net, { container: 'a', netnsPath: a });
    const epB = await attachToMacvlan(host, ipam, net, { container: 'b', netnsPath: b });
    const ethA = (await kernel.links({ netns: a })).find((l) => l.name === 'eth0');
    expect(ethA).toMatchObject({ kind: 'macvlan', up: true, mac: '02:42:0a:d5:14:02' });
    expect(ethA?.mac).not.toBe(parentMac);
    expect(v4(ethA?.addresses)).toEqual(['10.213.20.2/24']);
    expect(epB.mac).toBe('02:42:0a:d5:14:03');
    expect(await sb.ping(a, epB.address)).toBe(true);
    // Nothing of the container's is left on the host side: the child moved.
    expect((await kernel.links({ netns: sb.hostPath })).map((l) => l.name).sort()).toEqual(['dbkpar0', 'dbkpar1', 'lo']);

    await detachEndpoint(host, ipam, epA);
    await detachEndpoint(host, ipam, epB);
    expect((await kernel.links({ netns: a })).map((l) => l.name)).toEqual(['lo']);
    expect(ipam.inUse(net.id)).toEqual([]);
  });

  it('refuses a parent the host does not have', async () => {
    await expect(createMacvlanNetwork(host, ipam, { id: 'dbktestmv2', name: 'dbkmv2', parent: 'dbknope0', subnet: '10.213.21.0/24' }))
      .rejects.toMatchObject({ code: 'E_PARENT_NOT_FOUND', message: '-o parent interface was not found on the host: dbknope0' });
    expect(ipam.hasPool('dbktestmv2')).toBe(false);
  });

  it('a failed attach leaves no macvlan child anywhere and gives the address back', async () => {
    const busy = await sb.netns('mvbusy');
    await kernel.linkAdd({ kind: 'bridge', name: 'eth0' }, { netns: busy });
    await expect(attachToMacvlan(host, ipam, net, { container: 'busy', netnsPath: busy })).rejects.toMatchObject({ code: 'E_NETWORK_ATTACH' });
    expect((await kernel.links({ netns: busy })).map((l) => `${l.name}:${l.kind}`).sort()).toEqual(['eth0:bridge', 'lo:loopback']);
    expect((await kernel.links({ netns: sb.hostPath })).filter((l) => l.kind === 'macvlan')).toEqual([]);
    expect(ipam.inUse(net.id)).toEqual([]);
    removeMacvlanNetwork(ipam, net);
    expect(ipam.hasPool(net.id)).toBe(false);
  });
});
