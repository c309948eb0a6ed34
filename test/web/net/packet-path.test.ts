import { describe, expect, it } from 'vitest';
import { litNodes, packetPath, ruleText } from '../../../web/src/net/packet-path.js';
import { bridgeWithTwoContainers } from './topology-fixture.js';

describe('following a packet to a published port', () => {
  it('goes from the host port through the DNAT rule, the route, the bridge and the veth to eth0', () => {
    const { topology, rule } = bridgeWithTwoContainers();
    const path = packetPath(topology, rule);
    expect(path.brokenAt).toBeNull();
    expect(path.hops.map((h) => h.kind)).toEqual(['entry', 'dnat', 'route', 'bridge', 'veth', 'interface']);
    expect(path.hops.find((h) => h.kind === 'route')?.facts['route']).toBe('10.87.0.0/16 dev dockbook0');
    expect(path.hops.find((h) => h.kind === 'veth')?.facts['hostEnd']).toBe('vetha');
    expect([...litNodes(path)].sort()).toEqual(['host', 'host/dockbook0', 'host/vetha', 'ns:web/eth0']);
  });

  it('names the rule as nft would write it', () => {
    expect(ruleText(bridgeWithTwoContainers().rule)).toBe('iifname != "dockbook0" tcp dport 8080 dnat to 10.87.0.2:80');
  });

  it('stops at the bridge when the veth that leads to the address is not one of its ports', () => {
    const { topology, rule } = bridgeWithTwoContainers({ vethOnBridge: false });
    const path = packetPath(topology, rule);
    expect(path.brokenAt).toBe('bridge');
    expect(path.hops.map((h) => h.kind)).toEqual(['entry', 'dnat', 'route']);
  });

  it('stops at the route when the host has none for the rewritten address', () => {
    const { topology, rule } = bridgeWithTwoContainers({ bridgeRoute: false });
    expect(packetPath(topology, rule).brokenAt).toBe('route');
  });

  it('stops at the interface when no namespace holds the address the rule names', () => {
    const { topology, rule } = bridgeWithTwoContainers();
    expect(packetPath(topology, { ...rule, toAddress: '10.87.0.99' }).brokenAt).toBe('interface');
  });
});
