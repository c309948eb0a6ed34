import type { DnatRule, NetContainer, Topology, TopologyEdge, TopologyNode } from '../../../labs/observation-types.js';

/** The shape readTopology gives for one bridge, two containers (web published on 8080) and one host-mode container. */
export function bridgeWithTwoContainers(opts: { vethOnBridge?: boolean; bridgeRoute?: boolean } = {}): { topology: Topology; containers: NetContainer[]; rule: DnatRule } {
  const iface = (ns: string, ifname: string, kind: TopologyNode['kind'], addresses: string[], mac: string, index: number): TopologyNode =>
    ({ id: `${ns}/${ifname}`, kind, label: ifname, namespace: ns, ifname, index, mac, addresses, up: true });
  const nodes: TopologyNode[] = [
    { id: 'host', kind: 'host', label: 'host', namespace: 'host', addresses: [], routes: opts.bridgeRoute === false ? [] : [{ dst: '10.87.0.0/16', dev: 'dockbook0', scope: 'link' }] },
    iface('host', 'lo', 'lo', [], '00:00:00:00:00:00', 1),
    iface('host', 'dockbook0', 'bridge', ['10.87.0.1/16'], '4a:93:35:80:cf:a1', 2),
    iface('host', 'vetha', 'veth', [], 'd2:6d:c8:3b:78:25', 3),
    iface('host', 'vethb', 'veth', [], '7a:b4:b7:3d:69:ed', 4),
    { id: 'ns:web', kind: 'netns', label: 'web', namespace: 'ns:web', addresses: [], container: 'web' },
    iface('ns:web', 'lo', 'lo', ['127.0.0.1/8'], '00:00:00:00:00:00', 1),
    iface('ns:web', 'eth0', 'eth0', ['10.87.0.2/16'], '02:42:0a:57:00:02', 2),
    { id: 'ns:db', kind: 'netns', label: 'db + side', namespace: 'ns:db', addresses: [], container: 'db' },
    iface('ns:db', 'lo', 'lo', ['127.0.0.1/8'], '00:00:00:00:00:00', 1),
    iface('ns:db', 'eth0', 'eth0', ['10.87.0.3/16'], '02:42:0a:57:00:03', 2),
  ];
  const edges: TopologyEdge[] = [
    ...nodes.filter((n) => n.kind !== 'host' && n.kind !== 'netns').map((n) => ({ from: n.namespace, to: n.id, kind: 'in' as const })),
    ...(opts.vethOnBridge === false ? [] : [{ from: 'host/vetha', to: 'host/dockbook0', kind: 'master' as const }]),
    { from: 'host/vethb', to: 'host/dockbook0', kind: 'master' },
    { from: 'host/vetha', to: 'ns:web/eth0', kind: 'veth' },
    { from: 'host/vethb', to: 'ns:db/eth0', kind: 'veth' },
  ];
  const rule: DnatRule = { family: 'ip', table: 'dockbook_nat', chain: 'published', handle: 7, proto: 'tcp', hostIp: null, hostPort: 8080, notFrom: 'dockbook0', toAddress: '10.87.0.2', toPort: 80, comment: 'dockbook:web' };
  const containers: NetContainer[] = [
    { name: 'web', id: 'a'.repeat(64), mode: 'default', pid: 100, namespace: 'ns:web' },
    { name: 'db', id: 'b'.repeat(64), mode: 'default', pid: 200, namespace: 'ns:db' },
    { name: 'side', id: 'c'.repeat(64), mode: 'container:db', pid: 300, namespace: 'ns:db' },
    { name: 'hostnet', id: 'd'.repeat(64), mode: 'host', pid: 400, namespace: 'host' },
  ];
  return { topology: { nodes, edges, rules: [rule], proxies: [], warnings: [] }, containers, rule };
}
