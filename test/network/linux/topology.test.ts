import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { attachToBridge, createBridgeNetwork } from '../../../core/network/bridge-network.js';
import { Ipam } from '../../../core/network/ipam.js';
import { attachToMacvlan, createMacvlanNetwork } from '../../../core/network/macvlan-network.js';
import type { Endpoint, NetworkHost, NetworkRecord } from '../../../core/network/network-record.js';
import { PortAllocator } from '../../../core/network/port-allocator.js';
import { applyNatRules } from '../../../core/network/port-rules.js';
import { parsePortSpec } from '../../../core/network/port-spec.js';
import { readTopology, type Topology } from '../../../core/network/topology.js';
import { describeRoot } from '../../helpers/host.js';
import { ipJson, leftovers, NetSandbox, netnsNameOf } from './sandbox.js';

interface IpLink { ifindex: number; ifname: string; master?: string; link_index?: number; address: string; linkinfo?: { info_kind?: string } }

const edgesOf = (t: Topology, kind: string) => t.edges.filter((e) => e.kind === kind).map((e) => `${e.from} -> ${e.to}`).sort();

describeRoot('topology read from the real kernel', () => {
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
    net = await createBridgeNetwork(host, ipam, { id: 'dbktesttopo', name: 'topo', bridge: 'dbkbr0', subnet: '10.213.50.0/24' });
  });
  afterAll(async () => {
    await sb?.cleanup();
    expect(leftovers()).toEqual({ netns: [], links: [], tables: [] });
  });

  it('draws a bridge with two attached namespaces as ip -j sees it, with routes and DNAT', async () => {
    const a = await sb.netns('topoA');
    const b = await sb.netns('topoB');
    const epA = await attachToBridge(host, ipam, net, { container: 'a', netnsPath: a });
    const epB = await attachToBridge(host, ipam, net, { container: 'b', netnsPath: b });
    const [binding] = new PortAllocator().bindAll('a', parsePortSpec('8080:80'));
    await applyNatRules(kernel, 'dbktest_nat', { dnat: [{ binding: binding!, containerIp: epA.address, bridge: 'dbkbr0' }], masquerade: [] }, { netns: sb.hostPath });

    const topo = await readTopology({
      kernel, hostNetns: sb.hostPath,
      namespaces: [{ id: 'a', path: a, container: 'a' }, { id: 'b', path: b, container: 'b' }],
    });
    expect(topo.warnings).toEqual([]);

    // Nodes: exactly the links ip -j lists, per namespace.
    const hostLinks = ipJson<IpLink[]>(['-d', 'link', 'show'], netnsNameOf(sb.hostPath));
    const aLinks = ipJson<IpLink[]>(['-d', 'link', 'show'], netnsNameOf(a));
    const bLinks = ipJson<IpLink[]>(['-d', 'link', 'show'], netnsNameOf(b));
    const ids = (ns: string, links: IpLink[]) => links.map((l) => `${ns}/${l.ifname}`);
    expect(topo.nodes.map((n) => n.id).sort()).toEqual(
      ['host', 'ns:a', 'ns:b', ...ids('host', hostLinks), ...ids('ns:a', aLinks), ...ids('ns:b', bLinks)].sort(),
    );
    const kinds = Object.fromEntries(topo.nodes.map((n) => [n.id, n.kind]));
    expect(kinds).toMatchObject({
      'host': 'host', 'ns:a': 'netns', 'host/dbkbr0': 'bridge', [`host/${epA.hostIfname}`]: 'veth',
      'ns:a/eth0': 'eth0', 'ns:a/lo': 'lo', 'ns:b/eth0': 'eth0',
    });
    expect(topo.nodes.find((n) => n.id === 'ns:a/eth0')).toMatchObject({ mac: epA.mac, up: true });

    // Edges: masters and veth pairs as ip -j reports them.
    const masters = hostLinks.filter((l) => l.master).map((l) => `host/${l.ifname} -> host/${l.master}`).sort();
    expect(edgesOf(topo, 'master')).toEqual(masters);
    expect(masters).toHaveLength(2);
    const pairs = hostLinks.filter((l) => l.linkinfo?.info_kind === 'veth').map((h) => {
      const inA = aLinks.find((l) => l.ifindex === h.link_index && l.link_index === h.ifindex);
      const inB = bLinks.find((l) => l.ifindex === h.link_index && l.link_index === h.ifindex);
      return `host/${h.ifname} -> ${inA ? 'ns:a' : inB ? 'ns:b' : '?'}/eth0`;
    }).sort();
    expect(edgesOf(topo, 'veth')).toEqual(pairs);
    expect(pairs).toEqual([`host/${epA.hostIfname} -> ns:a/eth0`, `host/${epB.hostIfname} -> ns:b/eth0`].sort());

    expect(edgesOf(topo, 'gateway')).toEqual(['ns:a/eth0 -> host/dbkbr0', 'ns:b/eth0 -> host/dbkbr0']);
    expect(edgesOf(topo, 'in')).toHaveLength(hostLinks.length + aLinks.length + bLinks.length);
    expect(topo.edges.filter((e) => e.kind === 'dnat')).toEqual([
      { from: 'host', to: 'ns:a/eth0', kind: 'dnat', label: `tcp 0.0.0.0:8080 → ${epA.address}:80` },
    ]);
    expect(topo.nodes.find((n) => n.id === 'ns:a')?.routes).toContainEqual(expect.objectContaining({ dst: 'default', via: net.gateway }));
  });

  it('draws a macvlan container hanging off its parent, and says which namespace it could not read', async () => {
    await kernel.linkAdd({ kind: 'veth', name: 'dbkpar0', peer: 'dbkpar1' }, { netns: sb.hostPath });
    await kernel.linkSet('dbkpar0', { up: true }, { netns: sb.hostPath });
    const mv = await createMacvlanNetwork(host, ipam, { id: 'dbktestmvt', name: 'mvt', parent: 'dbkpar0', subnet: '10.213.51.0/24' });
    const c = await sb.netns('topoM');
    const ep: Endpoint = await attachToMacvlan(host, ipam, mv, { container: 'm', netnsPath: c });
    const topo = await readTopology({
      kernel, hostNetns: sb.hostPath, readNft: false, endpoints: [ep], networks: [mv],
      namespaces: [{ id: 'm', path: c }, { id: 'gone', path: '/run/netns/dbktest-gone-ns' }],
    });
    expect(topo.nodes.find((n) => n.id === 'ns:m/eth0')).toMatchObject({ kind: 'macvlan', mac: ep.mac });
    expect(edgesOf(topo, 'parent')).toEqual(['ns:m/eth0 -> host/dbkpar0']);
    expect(topo.nodes.some((n) => n.id === 'ns:gone')).toBe(false);
    expect(topo.warnings).toEqual([expect.stringContaining('namespace gone')]);
  });
});
