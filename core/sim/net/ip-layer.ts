import { tupleOf } from './conntrack.js';
import { isLoopback } from './ipv4.js';
import { flood, operational, type L2Hop } from './l2.js';
import type { Link, NetStack } from './net-stack.js';
import { frameBytes, type Packet } from './packet.js';
import { isLocalAddress, routeLookup } from './route.js';
import { SocketTable } from './socket-table.js';
import { ARP_TIMEOUT_MS, HOP_MS, LOOPBACK_MS, type Hop, type NetWorld } from './world.js';

const ARP_FRAME = 42;

/** A packet's journey so far: the links it crossed and the rewrites it underwent. */
interface Journey {
  hops: Hop[];
  nat: string[];
}

/**
 * Sends a packet from a namespace's own socket: route lookup (no route is
 * ENETUNREACH, returned at once as sendto would), the nat output hook,
 * then over lo to a local socket or out of a device to the next hop.
 */
export function ipSend(world: NetWorld, stack: NetStack, pkt: Packet): 'ENETUNREACH' | null {
  const first = routeLookup(stack, pkt.dst);
  if (!first) return 'ENETUNREACH';
  if (pkt.src === '0.0.0.0' || pkt.src === '') pkt.src = first.src;
  const journey: Journey = { hops: [], nat: [] };
  const original = tupleOf(pkt);
  let route = first;
  const known = stack.conntrack.translate(pkt);
  if (!known) {
    const v = stack.nft.natVerdict('output', { ...view(pkt), daddrIsLocal: first.kind === 'local' });
    if (v?.kind === 'dnat') dnat(pkt, v, journey);
  }
  if (pkt.dst !== original.dst) {
    const again = routeLookup(stack, pkt.dst);
    if (!again) return drop(world, pkt, journey, 'no route after DNAT'), null;
    route = again;
  }
  if (route.kind === 'local') {
    if (!known) stack.conntrack.record(original, pkt);
    viaLoopback(world, stack, pkt, journey);
    return null;
  }
  if (!known && postrouting(stack, pkt, route.dev, route.src, journey) === 'martian') {
    return drop(world, pkt, journey, 'martian source 127.0.0.0/8 leaving a device (route_localnet=0)'), null;
  }
  if (!known) stack.conntrack.record(original, pkt);
  transmit(world, stack, route.dev, route.nexthop, pkt, journey);
  return null;
}

function view(pkt: Packet): { proto: string; src: string; dst: string; dport: number } {
  return { proto: pkt.proto, src: pkt.src, dst: pkt.dst, dport: pkt.dport };
}

function dnat(pkt: Packet, v: { addr: string; port?: number }, journey: Journey): void {
  const before = `${pkt.dst}:${pkt.dport}`;
  pkt.dst = v.addr;
  if (v.port !== undefined) pkt.dport = v.port;
  journey.nat.push(`DNAT ${before} → ${pkt.dst}:${pkt.dport}`);
}

/** The nat postrouting hook (masquerade) and the martian check: 127/8 never leaves through a device. */
function postrouting(stack: NetStack, pkt: Packet, dev: Link, devSrc: string, journey: Journey): 'ok' | 'martian' {
  const v = stack.nft.natVerdict('postrouting', { ...view(pkt), oif: dev.name, daddrIsLocal: false });
  if (v?.kind === 'masquerade' && devSrc !== '0.0.0.0') {
    journey.nat.push(`MASQUERADE ${pkt.src} → ${devSrc}`);
    pkt.src = devSrc;
  }
  return isLoopback(pkt.src) && dev.kind !== 'loopback' ? 'martian' : 'ok';
}

/** A bridge counts what it passes up to its own stack after the Ethernet header is pulled: 14 bytes less (as measured on Linux 6.18). */
const ETH_HEADER = 14;

function count(hops: readonly L2Hop[], bytes: number): void {
  for (const h of hops) {
    if (h.dir === 'tx') { h.link.txBytes += bytes; h.link.txPackets++; }
    else { h.link.rxBytes += h.link.kind === 'bridge' ? bytes - ETH_HEADER : bytes; h.link.rxPackets++; }
  }
}

function record(world: NetWorld, journey: Journey, hops: readonly L2Hop[]): void {
  if (!world.watching) return;
  for (const h of hops) journey.hops.push({ netns: world.netnsOf(h.link), link: h.link.name, dir: h.dir });
}

function viaLoopback(world: NetWorld, stack: NetStack, pkt: Packet, journey: Journey): void {
  const lo = [...stack.links.values()].find((l) => l.kind === 'loopback')!;
  const hops: L2Hop[] = [{ link: lo, dir: 'tx' }, { link: lo, dir: 'rx' }];
  count(hops, frameBytes(pkt));
  record(world, journey, hops);
  world.later(LOOPBACK_MS, () => deliverLocal(world, stack, pkt, journey));
}

/**
 * Puts a packet on the wire toward `nexthop`: ARP finds which interface
 * beyond `dev` owns it (the first time counted as a request and a reply),
 * the frame's bytes are counted on every link it crosses, and it arrives
 * there after HOP_MS per link. No answer: after ARP's 3 s the sender
 * learns EHOSTUNREACH.
 */
function transmit(world: NetWorld, stack: NetStack, dev: Link, nexthop: string, pkt: Packet, journey: Journey): void {
  if (!operational(dev)) {
    drop(world, pkt, journey, `${dev.name} has no carrier`);
    return;
  }
  const everyone = flood(dev);
  const reach = everyone.find((r) => r.at !== dev && ownsAddress(r.at, nexthop));
  const broadcastHops = (): L2Hop[] => {
    // The request is a broadcast: every link it reaches counts it once.
    const seen = new Map<Link, Set<string>>();
    const hops: L2Hop[] = [];
    for (const h of everyone.flatMap((r) => r.hops)) {
      const dirs = seen.get(h.link) ?? new Set<string>();
      if (dirs.has(h.dir)) continue;
      dirs.add(h.dir);
      seen.set(h.link, dirs);
      hops.push(h);
    }
    if (hops.length === 0) hops.push({ link: dev, dir: 'tx' });
    return hops;
  };
  if (!reach) {
    record(world, journey, [{ link: dev, dir: 'tx' }]);
    count(broadcastHops(), ARP_FRAME);
    world.later(ARP_TIMEOUT_MS, () => {
      drop(world, pkt, journey, `no ARP answer for ${nexthop} on ${dev.name}`);
      pkt.onError?.('EHOSTUNREACH');
    });
    return;
  }
  if (!stack.neighbours.has(nexthop)) {
    count(broadcastHops(), ARP_FRAME);
    count([...reach.hops].reverse().map((h) => ({ link: h.link, dir: h.dir === 'tx' ? 'rx' : 'tx' })), ARP_FRAME);
    stack.neighbours.set(nexthop, reach.at.mac);
    reach.at.stack.neighbours.set(pkt.src, dev.mac);
  }
  count(reach.hops, frameBytes(pkt));
  record(world, journey, reach.hops);
  const crossings = reach.hops.filter((h) => h.dir === 'rx').length;
  world.later(HOP_MS * crossings, () => receive(world, reach.at.stack, pkt, reach.at, journey));
}

/** Linux answers ARP for any of its addresses on any interface (arp_ignore=0), once the interface is up. */
function ownsAddress(at: Link, ip: string): boolean {
  return at.up && isLocalAddress(at.stack, ip) && !isLoopback(ip);
}

/** A packet arriving on `inLink`: nat prerouting, then local delivery or forwarding. */
function receive(world: NetWorld, stack: NetStack, pkt: Packet, inLink: Link, journey: Journey): void {
  const original = tupleOf(pkt);
  const known = stack.conntrack.translate(pkt);
  if (known && (pkt.src !== original.src || pkt.dst !== original.dst)) journey.nat.push(`conntrack ${original.src}:${original.sport} → ${original.dst}:${original.dport} as ${pkt.src}:${pkt.sport} → ${pkt.dst}:${pkt.dport}`);
  if (!known) {
    const v = stack.nft.natVerdict('prerouting', { ...view(pkt), iif: inLink.name, daddrIsLocal: isLocalAddress(stack, pkt.dst) });
    if (v?.kind === 'dnat') dnat(pkt, v, journey);
  }
  const route = routeLookup(stack, pkt.dst);
  if (!route) return drop(world, pkt, journey, `no route to ${pkt.dst}`);
  if (route.kind === 'local') {
    if (!known) stack.conntrack.record(original, pkt);
    deliverLocal(world, stack, pkt, journey);
    return;
  }
  if (!stack.forwarding) return drop(world, pkt, journey, 'not a router (ip_forward=0)');
  if (--pkt.ttl <= 0) return drop(world, pkt, journey, 'ttl exceeded');
  if (!known && postrouting(stack, pkt, route.dev, route.src, journey) === 'martian') return drop(world, pkt, journey, 'martian source');
  if (!known) stack.conntrack.record(original, pkt);
  transmit(world, stack, route.dev, route.nexthop, pkt, journey);
}

function drop(world: NetWorld, pkt: Packet, journey: Journey, reason: string): void {
  emit(world, pkt, journey, 'dropped', reason);
}

function emit(world: NetWorld, pkt: Packet, journey: Journey, verdict: 'delivered' | 'dropped', reason?: string): void {
  world.emit({
    proto: pkt.proto, kind: pkt.payload.kind === 'tcp' ? `tcp ${pkt.payload.flag}` : pkt.payload.kind, src: pkt.src, dst: pkt.dst,
    sport: pkt.sport, dport: pkt.dport, bytes: frameBytes(pkt), hops: journey.hops, verdict,
    ...(reason ? { reason } : {}), ...(journey.nat.length ? { nat: journey.nat.join('; ') } : {}),
  });
}

/** A packet for this namespace: the ICMP echo responder, or the socket bound to its port. */
function deliverLocal(world: NetWorld, stack: NetStack, pkt: Packet, journey: Journey): void {
  const pl = pkt.payload;
  const t = stack.sockets;
  switch (pl.kind) {
    case 'icmp-echo':
      emit(world, pkt, journey, 'delivered');
      ipSend(world, stack, { proto: 'icmp', src: pkt.dst, dst: pkt.src, sport: pkt.dport, dport: pkt.sport, ttl: 64, payload: { ...pl, kind: 'icmp-echo-reply' } });
      return;
    case 'icmp-echo-reply': {
      const h = t.pings.get(pkt.dport);
      emit(world, pkt, journey, h ? 'delivered' : 'dropped', h ? undefined : 'no ping socket');
      h?.(pkt);
      return;
    }
    case 'icmp-port-unreachable': {
      const o = pl.original;
      const e = t.lookup(t.udp, o.src, o.sport);
      emit(world, pkt, journey, 'delivered');
      e?.deliver(pkt);
      return;
    }
    case 'udp': {
      const e = t.lookup(t.udp, pkt.dst, pkt.dport);
      if (e) {
        emit(world, pkt, journey, 'delivered');
        e.deliver(pkt);
        return;
      }
      drop(world, pkt, journey, `nothing bound to udp ${pkt.dport}`);
      ipSend(world, stack, { proto: 'icmp', src: pkt.dst, dst: pkt.src, sport: 0, dport: 0, ttl: 64, payload: { kind: 'icmp-port-unreachable', original: { ...pkt } } });
      return;
    }
    case 'tcp': {
      const conn = t.tcpConns.get(SocketTable.connKey(pkt.dst, pkt.dport, pkt.src, pkt.sport));
      const target = conn ?? (pl.flag === 'SYN' ? t.lookup(t.tcpListeners, pkt.dst, pkt.dport) : undefined);
      if (target) {
        emit(world, pkt, journey, 'delivered');
        target.deliver(pkt);
        return;
      }
      drop(world, pkt, journey, `no socket for tcp ${pkt.dst}:${pkt.dport}`);
      if (pl.flag !== 'RST') ipSend(world, stack, { proto: 'tcp', src: pkt.dst, dst: pkt.src, sport: pkt.dport, dport: pkt.sport, ttl: 64, payload: { kind: 'tcp', flag: 'RST' } });
    }
  }
}
