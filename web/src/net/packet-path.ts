/**
 * "Follow a packet": the hops a connection to a published port takes, found
 * in the topology the kernel reported — the DNAT rule that rewrites it, the
 * host route that sends the rewritten address out of a bridge, the bridge
 * port whose veth peer holds that address, and the container's interface.
 * Nothing is assumed: a hop that is not in the data ends the path there,
 * and the path says why.
 */
import type { DnatRule, Topology, TopologyNode } from '../../../labs/observation-types.js';

export type HopKind = 'entry' | 'dnat' | 'route' | 'bridge' | 'veth' | 'interface';

export interface Hop {
  readonly kind: HopKind;
  /** Topology node ids this hop lights up. */
  readonly nodes: readonly string[];
  /** Plain facts for the sentence the panel shows (addresses, names, rule text). */
  readonly facts: Readonly<Record<string, string>>;
}

export interface PacketPath {
  readonly rule: DnatRule;
  readonly hops: readonly Hop[];
  /** Set when the path stops early: which hop could not be found. */
  readonly brokenAt: HopKind | null;
}

const ip = (cidr: string) => cidr.split('/')[0] ?? cidr;

function toNumber(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!/^\d{1,3}$/.test(p) || v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

function covers(dst: string, address: string): boolean {
  if (dst === 'default') return true;
  const [base, prefixText] = dst.split('/');
  const a = toNumber(address);
  const b = toNumber(base ?? '');
  const prefix = Number(prefixText ?? '32');
  if (a === null || b === null || !Number.isInteger(prefix)) return false;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

/** The most specific host route for an address, as the kernel would pick it. */
function routeFor(topology: Topology, address: string) {
  const host = topology.nodes.find((n) => n.kind === 'host');
  const prefix = (dst: string) => (dst === 'default' ? 0 : Number(dst.split('/')[1] ?? 32));
  return (host?.routes ?? []).filter((r) => covers(r.dst, address)).sort((a, b) => prefix(b.dst) - prefix(a.dst))[0];
}

/** The rule's text as nft would show it, near enough to recognise. */
export function ruleText(r: DnatRule): string {
  const parts = [
    r.notFrom ? `iifname != "${r.notFrom}"` : '',
    r.hostIp ? `ip daddr ${r.hostIp}` : '',
    r.hostPort !== null ? `${r.proto ?? 'tcp'} dport ${r.hostPort}` : '',
    `dnat to ${r.toAddress}${r.toPort !== null ? `:${r.toPort}` : ''}`,
  ];
  return parts.filter(Boolean).join(' ');
}

export function packetPath(topology: Topology, rule: DnatRule): PacketPath {
  const hops: Hop[] = [];
  const toPort = String(rule.toPort ?? rule.hostPort ?? '');
  const gateway = topology.nodes.find((n) => n.namespace === 'host' && n.kind === 'bridge' && n.addresses.some((a) => !a.includes(':')));
  // No address in the rule means any of the host's: the bridge's own address is one a learner can try.
  const example = gateway ? ip(gateway.addresses.find((a) => !a.includes(':'))!) : '';
  hops.push({ kind: 'entry', nodes: ['host'], facts: { address: rule.hostIp ?? '', example, port: String(rule.hostPort ?? '*'), proto: rule.proto ?? 'tcp' } });
  hops.push({ kind: 'dnat', nodes: ['host'], facts: { table: `${rule.family} ${rule.table}`, chain: rule.chain, rule: ruleText(rule), to: `${rule.toAddress}:${toPort}` } });

  const route = routeFor(topology, rule.toAddress);
  if (!route?.dev) return { rule, hops, brokenAt: 'route' };
  const out = topology.nodes.find((n) => n.id === `host/${route.dev}`);
  hops.push({ kind: 'route', nodes: out ? [out.id] : [], facts: { route: `${route.dst}${route.via ? ` via ${route.via}` : ''} dev ${route.dev}`, dev: route.dev } });
  if (!out) return { rule, hops, brokenAt: 'route' };

  const target = topology.nodes.find((n) => n.namespace !== 'host' && n.addresses.some((a) => ip(a) === rule.toAddress));
  if (!target) return { rule, hops, brokenAt: 'interface' };
  const pair = topology.edges.find((e) => e.kind === 'veth' && e.to === target.id);
  const hostEnd = pair ? topology.nodes.find((n) => n.id === pair.from) : undefined;
  const onBridge = hostEnd ? topology.edges.some((e) => e.kind === 'master' && e.from === hostEnd.id && e.to === out.id) : false;
  if (out.kind === 'bridge') {
    if (!hostEnd || !onBridge) return { rule, hops, brokenAt: 'bridge' };
    hops.push({ kind: 'bridge', nodes: [out.id], facts: { bridge: out.ifname ?? out.label, port: hostEnd.ifname ?? hostEnd.label } });
    hops.push({ kind: 'veth', nodes: [hostEnd.id, target.id], facts: { hostEnd: hostEnd.ifname ?? hostEnd.label, peer: target.ifname ?? target.label } });
  }
  hops.push({ kind: 'interface', nodes: [target.id], facts: { ifname: target.ifname ?? target.label, address: rule.toAddress, port: toPort, namespace: target.namespace } });
  return { rule, hops, brokenAt: null };
}

/** The userland proxy serving the rule's host port, if the engine runs one: the door for 127.0.0.1 and for hairpin traffic from the bridge. */
export function proxyFor(topology: Topology, rule: DnatRule): Topology['proxies'][number] | null {
  return (topology.proxies ?? []).find((p) => p.hostPort === rule.hostPort && p.proto === (rule.proto ?? 'tcp')) ?? null;
}

/** Every node a path lights up. */
export function litNodes(path: PacketPath): Set<string> {
  return new Set(path.hops.flatMap((h) => h.nodes));
}

export type { TopologyNode };
