import { describe, expect, it } from 'vitest';
import { layoutNetwork } from '../../../web/src/net/net-layout.js';
import { bridgeWithTwoContainers } from './topology-fixture.js';

describe('the network picture', () => {
  const { topology, containers } = bridgeWithTwoContainers();
  const pic = layoutNetwork(topology, containers);

  it('has the host box and one box per namespace, a container: one sharing its target\'s', () => {
    expect(pic.boxes.map((b) => [b.id, b.containers.map((c) => c.name).join(' ')])).toEqual([
      ['host', 'hostnet'], ['ns:web', 'web'], ['ns:db', 'db side'],
    ]);
  });

  it('puts every interface inside the box of its namespace', () => {
    for (const chip of pic.chips) {
      const ns = chip.id.slice(0, chip.id.lastIndexOf('/'));
      const box = pic.boxes.find((b) => b.id === ns)!;
      expect(chip.x, chip.id).toBeGreaterThanOrEqual(box.x);
      expect(chip.x + chip.w, chip.id).toBeLessThanOrEqual(box.x + box.w);
      expect(chip.y, chip.id).toBeGreaterThanOrEqual(box.y);
      expect(chip.y + chip.h, chip.id).toBeLessThanOrEqual(box.y + box.h);
    }
  });

  it('stands each veth end on its bridge, above the box its peer lives in, and wires the pair', () => {
    const bar = pic.bars.find((b) => b.id === 'host/dockbook0')!;
    for (const [end, peer] of [['host/vetha', 'ns:web/eth0'], ['host/vethb', 'ns:db/eth0']] as const) {
      const e = pic.chips.find((c) => c.id === end)!;
      const p = pic.chips.find((c) => c.id === peer)!;
      expect(e.y).toBeGreaterThan(bar.y);
      expect(e.x).toBeGreaterThanOrEqual(bar.x);
      expect(e.x + e.w).toBeLessThanOrEqual(bar.x + bar.w);
      expect(e.x).toBe(p.x);
      expect(pic.wires.some((w) => w.kind === 'veth' && w.from === end && w.to === peer)).toBe(true);
    }
  });

  it('shows addresses and MACs on the container interfaces', () => {
    expect(pic.chips.find((c) => c.id === 'ns:web/eth0')?.lines).toEqual(['10.87.0.2/16', '02:42:0a:57:00:02']);
  });
});

describe('the live picture mid-step', () => {
  it('keeps every host link inside the picture when a new veth pair still has both ends on the host', () => {
    const { topology } = bridgeWithTwoContainers();
    const iface = (ifname: string, index: number) => ({ id: `host/${ifname}`, kind: 'veth' as const, label: ifname, namespace: 'host', ifname, index, mac: '02:00:00:00:00:01', addresses: [], up: false });
    // Just made, before the engine moves one end into the container: the host holds lan0, its peer, and both new ends, none a bridge port.
    const nodes = [...topology.nodes.filter((n) => !n.id.startsWith('ns:')), iface('lan0', 10), iface('lan0-peer', 11), iface('vethnew', 12), iface('vetcnew', 13)];
    const edges = topology.edges.filter((e) => !e.from.startsWith('ns:') && !e.to.startsWith('ns:'));
    const pic = layoutNetwork({ ...topology, nodes, edges }, []);
    const host = pic.boxes.find((b) => b.id === 'host')!;
    for (const id of ['host/lan0', 'host/lan0-peer', 'host/vethnew', 'host/vetcnew', 'host/dockbook0']) {
      const c = pic.chips.find((x) => x.id === id)!;
      expect(c.x + c.w, id).toBeLessThanOrEqual(host.x + host.w);
      expect(c.x + c.w, id).toBeLessThanOrEqual(pic.width);
    }
  });
});
