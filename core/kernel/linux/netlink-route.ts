import type { LinkChange, LinkInfo, LinkKind, LinkSpec, NetNsRef, RouteInfo, RouteSpec } from '../types.js';
import { KernelError } from '../kernel-error.js';
import { type Attr, type Message, NLM_F, RTM, attrString, attrU32, cstr, decodeAttrs, i32, nested, u32 } from './netlink-message.js';
import { type NetlinkSocket, withNetlink } from './netlink-socket.js';
import { closeFd, O, openFd } from './libc.js';

/**
 * Links, addresses and routes over rtnetlink: the messages `ip link`,
 * `ip addr` and `ip route` send, without forking `ip` for each one.
 * Attribute numbers are from include/uapi/linux/if_link.h, if_addr.h and
 * rtnetlink.h.
 */
const AF_UNSPEC = 0;
const AF_INET = 2;
const AF_INET6 = 10;
const IFF_UP = 0x1;
const ARPHRD_LOOPBACK = 772;

const IFLA = { ADDRESS: 1, IFNAME: 3, MTU: 4, LINK: 5, MASTER: 10, LINKINFO: 18, NET_NS_FD: 28, EXT_MASK: 29 } as const;
const IFLA_INFO = { KIND: 1, DATA: 2 } as const;
const VETH_INFO_PEER = 1;
const IFLA_MACVLAN_MODE = 1;
const MACVLAN_MODE = { private: 1, vepa: 2, bridge: 4, passthru: 8 } as const;
const IFA = { ADDRESS: 1, LOCAL: 2 } as const;
const RTA = { DST: 1, OIF: 4, GATEWAY: 5, TABLE: 15 } as const;
const RT_TABLE_MAIN = 254;
const RTPROT_BOOT = 3;
const RT_SCOPE = { universe: 0, link: 253 } as const;
const RTN_UNICAST = 1;
const SCOPE_NAMES: Record<number, string> = { 0: 'global', 200: 'site', 253: 'link', 254: 'host', 255: 'nowhere' };

/** struct ifinfomsg: family, pad, type, index, flags, change. */
function ifinfomsg(index = 0, flags = 0, change = 0): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt8(AF_UNSPEC, 0);
  b.writeInt32LE(index, 4);
  b.writeUInt32LE(flags, 8);
  b.writeUInt32LE(change, 12);
  return b;
}

function linkInfo(kind: string, data?: readonly Attr[]): Attr {
  return { type: IFLA.LINKINFO, value: [{ type: IFLA_INFO.KIND, value: cstr(kind) }, ...(data ? [{ type: IFLA_INFO.DATA, value: data }] : [])] };
}

function indexOf(s: NetlinkSocket, name: string): number {
  const [m] = s.query({ call: 'link show', what: name }, RTM.GETLINK, 0, ifinfomsg(), [{ type: IFLA.IFNAME, value: cstr(name) }]);
  if (!m) throw new KernelError('link show', name, 'ENODEV', { code: 'E_NETLINK' });
  return m.body.readInt32LE(4);
}

export async function linkAdd(spec: LinkSpec, where?: NetNsRef): Promise<void> {
  withNetlink(where, (s) => {
    const attrs: Attr[] = [{ type: IFLA.IFNAME, value: cstr(spec.name) }];
    switch (spec.kind) {
      case 'veth':
        attrs.push(linkInfo('veth', [{ type: VETH_INFO_PEER, value: nested(ifinfomsg(), [{ type: IFLA.IFNAME, value: cstr(spec.peer) }]) }]));
        break;
      case 'bridge':
      case 'dummy':
        attrs.push(linkInfo(spec.kind));
        break;
      case 'macvlan':
        attrs.push({ type: IFLA.LINK, value: u32(indexOf(s, spec.parent)) });
        attrs.push(linkInfo('macvlan', [{ type: IFLA_MACVLAN_MODE, value: u32(MACVLAN_MODE[spec.mode ?? 'bridge']) }]));
        break;
    }
    const what = spec.kind === 'veth' ? `${spec.name} (veth, peer ${spec.peer})` : `${spec.name} (${spec.kind})`;
    s.request({ call: 'link add', what }, RTM.NEWLINK, NLM_F.CREATE | NLM_F.EXCL, ifinfomsg(), attrs);
  });
}

function macBytes(mac: string): Uint8Array {
  const parts = mac.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw new KernelError('link set', `address ${mac}`, 'EINVAL', { code: 'E_NETLINK', hint: 'a MAC address is six hex bytes: 02:42:ac:11:00:02' });
  }
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

/** One RTM_NEWLINK carrying every change, as `ip link set` sends it; the kernel moves namespaces first and raises the link last. */
export async function linkSet(name: string, change: LinkChange, where?: NetNsRef): Promise<void> {
  let nsFd = -1;
  try {
    withNetlink(where, (s) => {
      const index = indexOf(s, name);
      const attrs: Attr[] = [];
      if (change.master === null) attrs.push({ type: IFLA.MASTER, value: u32(0) });
      else if (change.master !== undefined) attrs.push({ type: IFLA.MASTER, value: u32(indexOf(s, change.master)) });
      if (change.mac !== undefined) attrs.push({ type: IFLA.ADDRESS, value: macBytes(change.mac) });
      if (change.mtu !== undefined) attrs.push({ type: IFLA.MTU, value: u32(change.mtu) });
      if (change.rename !== undefined) attrs.push({ type: IFLA.IFNAME, value: cstr(change.rename) });
      if (change.netns !== undefined) {
        nsFd = openFd(change.netns, O.RDONLY | O.CLOEXEC);
        attrs.push({ type: IFLA.NET_NS_FD, value: i32(nsFd) });
      }
      const flags = change.up === undefined ? 0 : change.up ? IFF_UP : 0;
      const mask = change.up === undefined ? 0 : IFF_UP;
      s.request({ call: 'link set', what: describeChange(name, change) }, RTM.NEWLINK, 0, ifinfomsg(index, flags, mask), attrs);
    });
  } finally {
    if (nsFd >= 0) closeFd(nsFd);
  }
}

function describeChange(name: string, change: LinkChange): string {
  const parts = Object.entries(change).map(([k, v]) => `${k} ${v === null ? 'none' : String(v)}`);
  return [name, ...parts].join(' ');
}

export async function linkDelete(name: string, where?: NetNsRef): Promise<void> {
  withNetlink(where, (s) => {
    s.request({ call: 'link del', what: name }, RTM.DELLINK, 0, ifinfomsg(), [{ type: IFLA.IFNAME, value: cstr(name) }]);
  });
}

const KINDS: ReadonlySet<string> = new Set(['veth', 'bridge', 'macvlan', 'dummy']);

function hexMac(b: Buffer): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

interface RawLink { index: number; name: string; kind: LinkKind; mac: string; mtu: number; up: boolean; masterIndex: number; link: number }

function parseLink(m: Message): RawLink {
  const type = m.body.readUInt16LE(2);
  const index = m.body.readInt32LE(4);
  const flags = m.body.readUInt32LE(8);
  const a = decodeAttrs(m.body, 16);
  const info = a.get(IFLA.LINKINFO);
  const kindName = info ? attrString(decodeAttrs(info).get(IFLA_INFO.KIND)) ?? '' : '';
  const address = a.get(IFLA.ADDRESS);
  return {
    index,
    name: attrString(a.get(IFLA.IFNAME)) ?? `if${index}`,
    kind: type === ARPHRD_LOOPBACK ? 'loopback' : KINDS.has(kindName) ? (kindName as LinkKind) : 'other',
    mac: address ? hexMac(address) : '',
    mtu: attrU32(a.get(IFLA.MTU)) ?? 0,
    up: (flags & IFF_UP) !== 0,
    masterIndex: attrU32(a.get(IFLA.MASTER)) ?? 0,
    link: attrU32(a.get(IFLA.LINK)) ?? 0,
  };
}

/** RFC 5952 text, as iproute2 prints IPv6 addresses. */
export function ipv6Text(b: Uint8Array): string {
  const words = Array.from({ length: 8 }, (_, i) => (b[2 * i]! << 8) | b[2 * i + 1]!);
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  if (best < 0) return hex(words);
  return `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
}

function addressText(family: number, b: Buffer): string {
  return family === AF_INET ? [...b.subarray(0, 4)].join('.') : ipv6Text(b);
}

export async function links(where?: NetNsRef): Promise<LinkInfo[]> {
  return withNetlink(where, (s) => {
    const raw = s.query({ call: 'link show', what: 'all' }, RTM.GETLINK, NLM_F.DUMP, ifinfomsg()).map(parseLink);
    const addrs = new Map<number, string[]>();
    const ifaddrmsg = Buffer.alloc(8);
    for (const m of s.query({ call: 'addr show', what: 'all' }, RTM.GETADDR, NLM_F.DUMP, ifaddrmsg)) {
      const family = m.body.readUInt8(0);
      if (family !== AF_INET && family !== AF_INET6) continue;
      const a = decodeAttrs(m.body, 8);
      const local = a.get(IFA.LOCAL) ?? a.get(IFA.ADDRESS);
      if (!local) continue;
      const index = m.body.readUInt32LE(4);
      const list = addrs.get(index) ?? [];
      list.push(`${addressText(family, local)}/${m.body.readUInt8(1)}`);
      addrs.set(index, list);
    }
    const nameOf = new Map(raw.map((l) => [l.index, l.name]));
    return raw.map((l) => ({
      index: l.index,
      name: l.name,
      kind: l.kind,
      mac: l.mac,
      mtu: l.mtu,
      up: l.up,
      master: l.masterIndex ? nameOf.get(l.masterIndex) ?? `if${l.masterIndex}` : null,
      // A veth names its peer's ifindex, which may live in another namespace.
      peerIndex: l.kind === 'veth' && l.link ? l.link : null,
      addresses: addrs.get(l.index) ?? [],
    }));
  });
}

function parseIpv4(text: string, what: string): Buffer {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new KernelError(what, text, 'EINVAL', { code: 'E_NETLINK', hint: 'an IPv4 address is four numbers 0-255: 10.0.0.1' });
  }
  return Buffer.from(parts.map(Number));
}

function parseCidr(cidr: string, what: string): { addr: Buffer; prefix: number } {
  const [host, len] = cidr.split('/');
  const prefix = len === undefined ? 32 : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32 || (len !== undefined && !/^\d+$/.test(len))) {
    throw new KernelError(what, cidr, 'EINVAL', { code: 'E_NETLINK', hint: 'a prefix is a number 0-32: 10.0.0.0/24' });
  }
  return { addr: parseIpv4(host ?? '', what), prefix };
}

/** Like `ip addr add`: IFA_LOCAL and IFA_ADDRESS both the address; the kernel derives the prefix route. */
export async function addrAdd(link: string, cidr: string, where?: NetNsRef): Promise<void> {
  const { addr, prefix } = parseCidr(cidr, 'addr add');
  withNetlink(where, (s) => {
    const msg = Buffer.alloc(8);
    msg.writeUInt8(AF_INET, 0);
    msg.writeUInt8(prefix, 1);
    msg.writeUInt32LE(indexOf(s, link), 4);
    s.request({ call: 'addr add', what: `${cidr} dev ${link}` }, RTM.NEWADDR, NLM_F.CREATE | NLM_F.EXCL, msg, [
      { type: IFA.LOCAL, value: addr },
      { type: IFA.ADDRESS, value: addr },
    ]);
  });
}

/** Like `ip route add`: main table, proto boot, scope link when there is no gateway. */
export async function routeAdd(route: RouteSpec, where?: NetNsRef): Promise<void> {
  const what = `${route.dst}${route.via ? ` via ${route.via}` : ''}${route.dev ? ` dev ${route.dev}` : ''}`;
  const dst = route.dst === 'default' ? { addr: Buffer.alloc(4), prefix: 0 } : parseCidr(route.dst, 'route add');
  const gateway = route.via ? parseIpv4(route.via, 'route add') : undefined;
  withNetlink(where, (s) => {
    const msg = Buffer.alloc(12);
    msg.writeUInt8(AF_INET, 0);
    msg.writeUInt8(dst.prefix, 1);
    msg.writeUInt8(RT_TABLE_MAIN, 4);
    msg.writeUInt8(RTPROT_BOOT, 5);
    msg.writeUInt8(gateway ? RT_SCOPE.universe : RT_SCOPE.link, 6);
    msg.writeUInt8(RTN_UNICAST, 7);
    const attrs: Attr[] = [{ type: RTA.TABLE, value: u32(RT_TABLE_MAIN) }];
    if (dst.prefix > 0) attrs.push({ type: RTA.DST, value: dst.addr });
    if (gateway) attrs.push({ type: RTA.GATEWAY, value: gateway });
    if (route.dev) attrs.push({ type: RTA.OIF, value: u32(indexOf(s, route.dev)) });
    s.request({ call: 'route add', what }, RTM.NEWROUTE, NLM_F.CREATE | NLM_F.EXCL, msg, attrs);
  });
}

/** The IPv4 main table, as `ip route show` lists it (a /32 is written without its length). */
export async function routes(where?: NetNsRef): Promise<RouteInfo[]> {
  return withNetlink(where, (s) => {
    const names = new Map(s.query({ call: 'link show', what: 'all' }, RTM.GETLINK, NLM_F.DUMP, ifinfomsg()).map((m) => {
      const l = parseLink(m);
      return [l.index, l.name] as const;
    }));
    const rtmsg = Buffer.alloc(12);
    rtmsg.writeUInt8(AF_INET, 0);
    const out: RouteInfo[] = [];
    for (const m of s.query({ call: 'route show', what: 'all' }, RTM.GETROUTE, NLM_F.DUMP, rtmsg)) {
      const a = decodeAttrs(m.body, 12);
      const table = attrU32(a.get(RTA.TABLE)) ?? m.body.readUInt8(4);
      if (m.body.readUInt8(0) !== AF_INET || table !== RT_TABLE_MAIN) continue;
      const prefix = m.body.readUInt8(1);
      const dstBytes = a.get(RTA.DST);
      const dst = prefix === 0 ? 'default' : `${addressText(AF_INET, dstBytes ?? Buffer.alloc(4))}${prefix === 32 ? '' : `/${prefix}`}`;
      const gw = a.get(RTA.GATEWAY);
      const oif = attrU32(a.get(RTA.OIF));
      out.push({
        dst,
        via: gw ? addressText(AF_INET, gw) : undefined,
        dev: oif ? names.get(oif) ?? `if${oif}` : undefined,
        scope: SCOPE_NAMES[m.body.readUInt8(6)] ?? String(m.body.readUInt8(6)),
      });
    }
    return out;
  });
}
