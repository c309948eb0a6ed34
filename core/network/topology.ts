import type { Kernel } from '../kernel/kernel.js';
import type { LinkInfo, RouteInfo } from '../kernel/types.js';
import { readDnatRules, type DnatRule } from './nft-read.js';
import type { Endpoint, NetworkRecord } from './network-record.js';

export type TopologyNodeKind = 'host' | 'netns' | 'bridge' | 'veth' | 'eth0' | 'macvlan' | 'lo' | 'nic';

export interface TopologyNode {
  /** Stable across reads: `host`, `ns:<id>`, or `<namespace node id>/<ifname>`. */
  readonly id: string;
  readonly kind: TopologyNodeKind;
  readonly label: string;
  /** The namespace node this interface lives in (for host and netns nodes, themselves). */
  readonly namespace: string;
  readonly ifname?: string;
  readonly index?: number;
  readonly mac?: string;
  readonly addresses: readonly string[];
  readonly up?: boolean;
  /** Namespace nodes: their routing table. */
  readonly routes?: readonly RouteInfo[];
  /** Namespace nodes: the container inside, when known. */
  readonly container?: string;
}

export type TopologyEdgeKind =
  /** A namespace holds an interface. */
  | 'in'
  /** An interface is a port of a bridge. */
  | 'master'
  /** The two ends of a veth pair. */
  | 'veth'
  /** A macvlan child and the interface it hangs off. */
  | 'parent'
  /** A namespace's default route leads to the interface holding the gateway address. */
  | 'gateway'
  /** A published port: DNAT from the host to a container's address. */
  | 'dnat'
  /** A published port served by the userland proxy (the host's own loopback, hairpin traffic). */
  | 'proxy';

export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: TopologyEdgeKind;
  readonly label?: string;
}

export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
  readonly rules: readonly DnatRule[];
  /** The userland proxies the engine runs (one per published port). */
  readonly proxies: readonly ProxyInfo[];
  /** What could not be read (a namespace gone, nft missing), so the UI can say so instead of guessing. */
  readonly warnings: readonly string[];
}

export interface NamespaceToRead {
  /** Short id for node ids (a container id, a netns name). */
  readonly id: string;
  readonly path: string;
  readonly label?: string;
  readonly container?: string;
}

export interface TopologyRequest {
  readonly kernel: Kernel;
  /** The namespace that plays the host; absent means the engine's own. */
  readonly hostNetns?: string;
  readonly namespaces: readonly NamespaceToRead[];
  /** Known attachments and networks: the kernel does not tell a macvlan's parent across namespaces. */
  readonly endpoints?: readonly Endpoint[];
  readonly networks?: readonly NetworkRecord[];
  /**
   * The engine's userland proxies: they live in the engine's own process, so
   * the kernel shows only a listening socket; the engine says where each one forwards.
   */
  readonly proxies?: readonly ProxyInfo[];
  /** Read nft's DNAT rules (default true). */
  readonly readNft?: boolean;
}

export interface ProxyInfo {
  readonly container: string;
  readonly proto: string;
  readonly hostIp: string;
  readonly hostPort: number;
  /** `address:port` in the container. */
  readonly target: string;
  /** The forwarding process, when it is one of its own (docker-proxy); null when the engine does it. */
  readonly pid?: number | null;
}

interface NsState {
  readonly nodeId: string;
  readonly links: readonly LinkInfo[];
}

const HOST = 'host';

/**
 * Reads the live state — links with their masters and veth peers,
 * addresses, routes, DNAT rules — of the host and the given namespaces, and
 * returns it as a plain graph. It only reads through the Kernel, so the same
 * call draws a real host or the simulator.
 */
export async function readTopology(req: TopologyRequest): Promise<Topology> {
  const { kernel } = req;
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const warnings: string[] = [];
  const hostWhere = req.hostNetns ? { netns: req.hostNetns } : {};

  const hostLinks = await kernel.links(hostWhere);
  nodes.push({ id: HOST, kind: 'host', label: 'host', namespace: HOST, addresses: [], routes: await kernel.routes(hostWhere) });
  const spaces: NsState[] = [{ nodeId: HOST, links: hostLinks }];
  addLinks(nodes, edges, HOST, hostLinks, true);

  for (const ns of req.namespaces) {
    const nodeId = `ns:${ns.id}`;
    let links: LinkInfo[];
    let routes: RouteInfo[];
    try {
      links = await kernel.links({ netns: ns.path });
      routes = await kernel.routes({ netns: ns.path });
    } catch (e) {
      warnings.push(`namespace ${ns.id} (${ns.path}) could not be read: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    nodes.push({ id: nodeId, kind: 'netns', label: ns.label ?? ns.id, namespace: nodeId, addresses: [], routes, container: ns.container });
    spaces.push({ nodeId, links });
    addLinks(nodes, edges, nodeId, links, false);
  }

  edges.push(...vethEdges(spaces));
  edges.push(...parentEdges(req, nodes));
  edges.push(...gatewayEdges(nodes));

  let rules: DnatRule[] = [];
  if (req.readNft ?? true) {
    try {
      rules = await readDnatRules(kernel, hostWhere);
    } catch (e) {
      warnings.push(`nft rules could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  edges.push(...dnatEdges(rules, nodes));
  const proxies = req.proxies ?? [];
  edges.push(...proxyEdges(proxies, nodes));
  return { nodes, edges, rules, proxies, warnings };
}

function kindOf(l: LinkInfo, inHost: boolean): TopologyNodeKind {
  switch (l.kind) {
    case 'loopback': return 'lo';
    case 'bridge': return 'bridge';
    case 'macvlan': return 'macvlan';
    // A veth end inside a container is the container's interface; on the host, a bridge port.
    case 'veth': return inHost ? 'veth' : 'eth0';
    default: return 'nic';
  }
}

function addLinks(nodes: TopologyNode[], edges: TopologyEdge[], nsId: string, links: readonly LinkInfo[], inHost: boolean): void {
  for (const l of links) {
    const id = `${nsId}/${l.name}`;
    nodes.push({
      id, kind: kindOf(l, inHost), label: l.name, namespace: nsId, ifname: l.name, index: l.index, mac: l.mac, addresses: l.addresses, up: l.up,
    });
    edges.push({ from: nsId, to: id, kind: 'in' });
    if (l.master) edges.push({ from: id, to: `${nsId}/${l.master}`, kind: 'master' });
  }
}

/**
 * A veth end only knows its peer's ifindex, and indexes repeat across
 * namespaces; two ends are paired when each names the other.
 */
function vethEdges(spaces: readonly NsState[]): TopologyEdge[] {
  const ends = spaces.flatMap((s) => s.links.filter((l) => l.kind === 'veth').map((l) => ({ ns: s.nodeId, l })));
  const out: TopologyEdge[] = [];
  const paired = new Set<string>();
  for (const a of ends) {
    const aId = `${a.ns}/${a.l.name}`;
    if (paired.has(aId)) continue;
    const b = ends.find((x) => x !== a && !paired.has(`${x.ns}/${x.l.name}`) && x.l.index === a.l.peerIndex && x.l.peerIndex === a.l.index);
    if (!b) continue;
    const bId = `${b.ns}/${b.l.name}`;
    paired.add(aId).add(bId);
    // Drawn host end → container end.
    const [from, to] = a.ns === HOST || b.ns !== HOST ? [aId, bId] : [bId, aId];
    out.push({ from, to, kind: 'veth' });
  }
  return out;
}

function parentEdges(req: TopologyRequest, nodes: readonly TopologyNode[]): TopologyEdge[] {
  const out: TopologyEdge[] = [];
  for (const ep of req.endpoints ?? []) {
    if (ep.driver !== 'macvlan') continue;
    const net = req.networks?.find((n) => n.id === ep.network);
    const parent = net?.parent ?? net?.options.parent;
    const ns = req.namespaces.find((n) => n.path === ep.netnsPath);
    if (!parent || !ns) continue;
    const child = `ns:${ns.id}/${ep.ifname}`;
    const parentId = `${HOST}/${parent}`;
    if (nodes.some((n) => n.id === child) && nodes.some((n) => n.id === parentId)) out.push({ from: child, to: parentId, kind: 'parent' });
  }
  return out;
}

function holderOf(nodes: readonly TopologyNode[], address: string, namespace?: string): TopologyNode | undefined {
  return nodes.find((n) => (namespace === undefined || n.namespace === namespace) && n.addresses.some((a) => a.split('/')[0] === address));
}

function gatewayEdges(nodes: readonly TopologyNode[]): TopologyEdge[] {
  const out: TopologyEdge[] = [];
  for (const ns of nodes) {
    if (ns.kind !== 'netns') continue;
    for (const r of ns.routes ?? []) {
      if (r.dst !== 'default' || !r.via || !r.dev) continue;
      const gw = holderOf(nodes, r.via, HOST);
      if (gw) out.push({ from: `${ns.id}/${r.dev}`, to: gw.id, kind: 'gateway', label: `default via ${r.via}` });
    }
  }
  return out;
}

function dnatEdges(rules: readonly DnatRule[], nodes: readonly TopologyNode[]): TopologyEdge[] {
  const out: TopologyEdge[] = [];
  for (const r of rules) {
    const target = nodes.find((n) => n.namespace !== HOST && n.addresses.some((a) => a.split('/')[0] === r.toAddress));
    if (!target) continue;
    const from = `${r.hostIp ?? '0.0.0.0'}:${r.hostPort ?? '*'}`;
    out.push({ from: HOST, to: target.id, kind: 'dnat', label: `${r.proto ?? 'ip'} ${from} → ${r.toAddress}:${r.toPort ?? r.hostPort ?? '*'}` });
  }
  return out;
}

function proxyEdges(proxies: readonly ProxyInfo[], nodes: readonly TopologyNode[]): TopologyEdge[] {
  const out: TopologyEdge[] = [];
  for (const p of proxies) {
    const address = p.target.split(':')[0]!;
    const target = nodes.find((n) => n.namespace !== HOST && n.addresses.some((a) => a.split('/')[0] === address));
    if (target) out.push({ from: HOST, to: target.id, kind: 'proxy', label: `${p.proto} ${p.hostIp}:${p.hostPort} → ${p.target} (userland proxy)` });
  }
  return out;
}
