import { describe, expect, it } from 'vitest';
import { evaluateNetCheck } from '../../core/labs/net-checks.js';
import type { Observation } from '../../labs/observation-types.js';
import { bridgeWithTwoContainers } from '../web/net/topology-fixture.js';

const text = { ko: '', en: '' };

function observed(opts?: Parameters<typeof bridgeWithTwoContainers>[0]): Extract<Observation, { kind: 'netTopology' }> {
  const { topology, containers } = bridgeWithTwoContainers(opts);
  return { kind: 'netTopology', topology, containers };
}

describe('network checks on a netTopology observation', () => {
  it('finds eth0 in the subnet, and fails for an address outside it', () => {
    const o = observed();
    expect(evaluateNetCheck({ kind: 'net-interface', owner: { container: 'web' }, ifname: 'eth0', exists: true, linkKind: 'eth0', addressIn: '10.87.0.0/16' }, o).pass).toBe(true);
    expect(evaluateNetCheck({ kind: 'net-interface', owner: { container: 'web' }, ifname: 'eth0', exists: true, addressIn: '172.17.0.0/16' }, o).pass).toBe(false);
  });

  it('sees a veth on the bridge only when the host end really is its port', () => {
    expect(evaluateNetCheck({ kind: 'veth-on-bridge', container: 'web', bridge: 'dockbook0' }, observed()).pass).toBe(true);
    expect(evaluateNetCheck({ kind: 'veth-on-bridge', container: 'web', bridge: 'dockbook0' }, observed({ vethOnBridge: false })).pass).toBe(false);
  });

  it('counts bridge ports', () => {
    expect(evaluateNetCheck({ kind: 'bridge-ports', bridge: 'dockbook0', count: 2 }, observed()).pass).toBe(true);
    expect(evaluateNetCheck({ kind: 'bridge-ports', bridge: 'dockbook0', count: 2 }, observed({ vethOnBridge: false })).pass).toBe(false);
  });

  it('says a container: one and its target share interfaces, and a host-mode one sees the host\'s', () => {
    const o = observed();
    expect(evaluateNetCheck({ kind: 'same-interfaces', a: { container: 'db' }, b: { container: 'side' }, same: true }, o).pass).toBe(true);
    expect(evaluateNetCheck({ kind: 'same-interfaces', a: { container: 'db' }, b: { container: 'web' }, same: true }, o).pass).toBe(false);
    expect(evaluateNetCheck({ kind: 'same-interfaces', a: 'host', b: { container: 'hostnet' }, same: true }, o).pass).toBe(true);
  });

  it('lists exactly the interfaces a container has', () => {
    expect(evaluateNetCheck({ kind: 'net-interfaces', owner: { container: 'web' }, equals: ['lo'] }, observed()).pass).toBe(false);
    expect(evaluateNetCheck({ kind: 'net-interfaces', owner: { container: 'web' }, equals: ['eth0', 'lo'] }, observed()).pass).toBe(true);
  });

  it('finds the DNAT rule to a container\'s port, and not to another port', () => {
    expect(evaluateNetCheck({ kind: 'dnat', container: 'web', hostPort: 8080, toPort: 80 }, observed()).pass).toBe(true);
    expect(evaluateNetCheck({ kind: 'dnat', container: 'web', toPort: 443 }, observed()).pass).toBe(false);
    expect(evaluateNetCheck({ kind: 'dnat', container: 'db', toPort: 80 }, observed()).pass).toBe(false);
  });
});

describe('the macvlan check', () => {
  function withMacvlan(parentEdge: boolean): Extract<Observation, { kind: 'netTopology' }> {
    const o = observed();
    const nodes = o.topology.nodes.map((n) => (n.id === 'ns:web/eth0' ? { ...n, kind: 'macvlan' as const } : n));
    const edges = [...o.topology.edges, ...(parentEdge ? [{ from: 'ns:web/eth0', to: 'host/lan0', kind: 'parent' as const }] : [])];
    return { ...o, topology: { ...o.topology, nodes, edges } };
  }

  it('holds when the container\'s eth0 is a macvlan child of the named host link', () => {
    expect(evaluateNetCheck({ kind: 'macvlan-parent', container: 'web', parent: 'lan0' }, withMacvlan(true)).pass).toBe(true);
  });

  it('fails without the parent edge, or for another parent', () => {
    expect(evaluateNetCheck({ kind: 'macvlan-parent', container: 'web', parent: 'lan0' }, withMacvlan(false)).pass).toBe(false);
    expect(evaluateNetCheck({ kind: 'macvlan-parent', container: 'web', parent: 'eth9' }, withMacvlan(true)).pass).toBe(false);
  });
});
