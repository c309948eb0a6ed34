import type { LinkChange, LinkInfo, LinkKind, LinkSpec, NetNsRef, RouteInfo, RouteSpec } from '../types.js';
import { ip } from './ip-command.js';

export async function linkAdd(spec: LinkSpec, where?: NetNsRef): Promise<void> {
  switch (spec.kind) {
    case 'veth': await ip(['link', 'add', 'name', spec.name, 'type', 'veth', 'peer', 'name', spec.peer], where); break;
    case 'bridge': await ip(['link', 'add', 'name', spec.name, 'type', 'bridge'], where); break;
    case 'dummy': await ip(['link', 'add', 'name', spec.name, 'type', 'dummy'], where); break;
    case 'macvlan': await ip(['link', 'add', 'name', spec.name, 'link', spec.parent, 'type', 'macvlan', 'mode', spec.mode ?? 'bridge'], where); break;
  }
}

export async function linkSet(name: string, change: LinkChange, where?: NetNsRef): Promise<void> {
  const args = ['link', 'set', 'dev', name];
  if (change.master === null) args.push('nomaster');
  else if (change.master !== undefined) args.push('master', change.master);
  if (change.mac !== undefined) args.push('address', change.mac);
  if (change.mtu !== undefined) args.push('mtu', String(change.mtu));
  if (change.rename !== undefined) args.push('name', change.rename);
  if (change.netns !== undefined) args.push('netns', change.netns);
  if (change.up !== undefined) args.push(change.up ? 'up' : 'down');
  await ip(args, where);
}

export async function linkDelete(name: string, where?: NetNsRef): Promise<void> {
  await ip(['link', 'del', 'dev', name], where);
}

interface IpJsonLink {
  ifindex: number;
  ifname: string;
  address?: string;
  mtu: number;
  flags?: string[];
  master?: string;
  link_index?: number;
  link?: string;
  link_type?: string;
  linkinfo?: { info_kind?: string };
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

const KINDS: ReadonlySet<string> = new Set(['veth', 'bridge', 'macvlan', 'dummy']);

function kindOf(l: IpJsonLink): LinkKind {
  if (l.link_type === 'loopback') return 'loopback';
  const k = l.linkinfo?.info_kind ?? '';
  return KINDS.has(k) ? (k as LinkKind) : 'other';
}

export async function links(where?: NetNsRef): Promise<LinkInfo[]> {
  const raw = JSON.parse(await ip(['-j', '-d', 'addr', 'show'], where)) as IpJsonLink[];
  const indexByName = new Map(raw.map((l) => [l.ifname, l.ifindex]));
  // A veth peer in the same namespace is named (`link`); one in another namespace only has its index.
  const peerOf = (l: IpJsonLink) => l.link_index ?? (l.link ? indexByName.get(l.link) : undefined) ?? null;
  return raw.map((l) => ({
    index: l.ifindex,
    name: l.ifname,
    kind: kindOf(l),
    mac: l.address ?? '',
    mtu: l.mtu,
    up: (l.flags ?? []).includes('UP'),
    master: l.master ?? null,
    peerIndex: kindOf(l) === 'veth' ? peerOf(l) : null,
    addresses: (l.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`),
  }));
}

export async function addrAdd(link: string, cidr: string, where?: NetNsRef): Promise<void> {
  await ip(['addr', 'add', cidr, 'dev', link], where);
}

export async function routeAdd(route: RouteSpec, where?: NetNsRef): Promise<void> {
  const args = ['route', 'add', route.dst];
  if (route.via) args.push('via', route.via);
  if (route.dev) args.push('dev', route.dev);
  await ip(args, where);
}

export async function routes(where?: NetNsRef): Promise<RouteInfo[]> {
  const raw = JSON.parse(await ip(['-j', 'route', 'show'], where)) as { dst: string; gateway?: string; dev?: string; scope?: string }[];
  return raw.map((r) => ({ dst: r.dst, via: r.gateway, dev: r.dev, scope: r.scope ?? 'global' }));
}
