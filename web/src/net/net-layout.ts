/**
 * Where each part of the network picture goes. Pure: the topology and the
 * running containers in, rectangles and lines out, so the drawing code only
 * binds them to SVG and the same observation always draws the same picture.
 *
 * The host is one wide box on top: its own interfaces in a row, then each
 * bridge as a bar with the host ends of its veths standing on it. Each other
 * net namespace is a box below, in the column of its veth; `host`-mode
 * containers are tags inside the host box, and containers sharing a
 * namespace (`container:`) share its box.
 */
import type { NetContainer, Topology, TopologyNode } from '../../../labs/observation-types.js';

export interface Chip {
  readonly id: string;
  readonly kind: TopologyNode['kind'];
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly title: string;
  readonly lines: readonly string[];
  readonly up: boolean;
}

export interface Box {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly title: string;
  /** Containers living in this namespace, with their mode. */
  readonly containers: readonly { name: string; mode: string; pid: number }[];
}

export interface Bar {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly title: string;
}

export interface Wire {
  readonly id: string;
  readonly kind: 'veth' | 'parent';
  readonly from: string;
  readonly to: string;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface NetPicture {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly Box[];
  readonly bars: readonly Bar[];
  readonly chips: readonly Chip[];
  readonly wires: readonly Wire[];
}

const PAD = 12;
const CHIP_W = 150;
const CHIP_H = 46;
const COL_W = 176;
const BAR_H = 14;

const v4 = (n: TopologyNode) => n.addresses.filter((a) => !a.includes(':'));

function chipLines(n: TopologyNode): string[] {
  const lines = v4(n).slice(0, 2);
  if (n.mac && n.kind !== 'lo' && n.mac !== '00:00:00:00:00:00') lines.push(n.mac);
  return lines;
}

export function layoutNetwork(topology: Topology, containers: readonly NetContainer[], minWidth = 480): NetPicture {
  const nodes = topology.nodes;
  const edges = topology.edges;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const namespaces = nodes.filter((n) => n.kind === 'netns');
  const hostIfaces = nodes.filter((n) => n.namespace === 'host' && n.kind !== 'host');
  const bridges = hostIfaces.filter((n) => n.kind === 'bridge');
  const masterOf = new Map(edges.filter((e) => e.kind === 'master').map((e) => [e.from, e.to]));
  const peerOf = new Map<string, string>();
  for (const e of edges.filter((x) => x.kind === 'veth')) { peerOf.set(e.from, e.to); peerOf.set(e.to, e.from); }

  // The host's own row holds every link that is no bridge port: also a veth pair just made, both ends still on the host (the live picture mid-step).
  const own = hostIfaces.filter((n) => n.kind !== 'veth' || !masterOf.has(n.id));
  const mostPorts = Math.max(0, ...bridges.map((b) => hostIfaces.filter((n) => masterOf.get(n.id) === b.id).length));
  const width = Math.max(minWidth, PAD * 2 + namespaces.length * COL_W, PAD * 3 + Math.max(own.length, mostPorts) * (CHIP_W + 8));
  const chips: Chip[] = [];
  const chip = (n: TopologyNode, x: number, y: number): Chip => {
    const c: Chip = { id: n.id, kind: n.kind, x, y, w: CHIP_W, h: CHIP_H, title: n.ifname ?? n.label, lines: chipLines(n), up: n.up ?? false };
    chips.push(c);
    return c;
  };

  // Row 1 of the host: everything but the veth ends, which stand on their bridge.
  const rowY = PAD + 26;
  own.forEach((n, i) => chip(n, PAD * 2 + i * (CHIP_W + 8), rowY));

  // Columns: one per namespace box, ordered like the containers that made them.
  const column = new Map(namespaces.map((n, i) => [n.id, PAD + i * COL_W + (COL_W - CHIP_W) / 2]));
  const bars: Bar[] = [];
  const barTop = rowY + CHIP_H + 22;
  bridges.forEach((b, bi) => {
    const y = barTop + bi * (BAR_H + CHIP_H + 26);
    const ports = hostIfaces.filter((n) => masterOf.get(n.id) === b.id);
    const xs = ports.map((p, i) => {
      const peer = peerOf.get(p.id);
      const ns = peer ? byId.get(peer)?.namespace : undefined;
      const x = ns === undefined ? undefined : column.get(ns);
      return x ?? PAD * 2 + i * (CHIP_W + 8);
    });
    // A bar only as wide as its ports, so another bridge's veth lines do not cross it.
    const left = xs.length ? Math.min(...xs) : PAD * 2;
    const right = xs.length ? Math.max(...xs.map((x) => x + CHIP_W)) : PAD * 2 + CHIP_W;
    bars.push({ id: b.id, x: left, y, w: right - left, title: b.ifname ?? b.label });
    ports.forEach((p, i) => chip(p, xs[i]!, y + BAR_H + 8));
  });

  const hostModeTags = containers.filter((c) => c.namespace === 'host');
  const hostBottom = (bridges.length ? barTop + bridges.length * (BAR_H + CHIP_H + 26) : rowY + CHIP_H + 12) + (hostModeTags.length ? 24 : 0);
  const boxes: Box[] = [{
    id: 'host', x: PAD, y: PAD, w: width - PAD * 2, h: hostBottom - PAD, title: 'host',
    containers: hostModeTags.map((c) => ({ name: c.name, mode: c.mode, pid: c.pid })),
  }];

  const nsTop = hostBottom + 56;
  let nsBottom = nsTop;
  for (const ns of namespaces) {
    const x = column.get(ns.id)!;
    const inside = nodes.filter((n) => n.namespace === ns.id && n.kind !== 'netns')
      .sort((a, b) => (a.kind === 'lo' ? 1 : 0) - (b.kind === 'lo' ? 1 : 0) || (a.ifname ?? '').localeCompare(b.ifname ?? ''));
    inside.forEach((n, i) => chip(n, x, nsTop + 30 + i * (CHIP_H + 8)));
    const h = 38 + Math.max(1, inside.length) * (CHIP_H + 8);
    nsBottom = Math.max(nsBottom, nsTop + h);
    boxes.push({
      id: ns.id, x: x - 8, y: nsTop, w: CHIP_W + 16, h, title: ns.label,
      containers: containers.filter((c) => c.namespace === ns.id).map((c) => ({ name: c.name, mode: c.mode, pid: c.pid })),
    });
  }

  const at = new Map(chips.map((c) => [c.id, c]));
  const wires: Wire[] = [];
  for (const e of edges) {
    if (e.kind !== 'veth' && e.kind !== 'parent') continue;
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (!a || !b) continue;
    if (a.y === b.y) {
      // Both ends in one row (a veth pair on the host standing in for a NIC): a short link side by side.
      const [left, right] = a.x <= b.x ? [a, b] : [b, a];
      wires.push({ id: `${e.kind}:${e.from}:${e.to}`, kind: e.kind, from: e.from, to: e.to, x1: left.x + left.w, y1: left.y + left.h / 2, x2: right.x, y2: right.y + right.h / 2 });
      continue;
    }
    const [top, bottom] = a.y <= b.y ? [a, b] : [b, a];
    wires.push({ id: `${e.kind}:${e.from}:${e.to}`, kind: e.kind, from: e.from, to: e.to, x1: top.x + top.w / 2, y1: top.y + top.h, x2: bottom.x + bottom.w / 2, y2: bottom.y });
  }
  return { width, height: nsBottom + PAD, boxes, bars, chips, wires };
}
