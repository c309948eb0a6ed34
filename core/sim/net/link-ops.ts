import { KernelError } from '../../kernel/kernel-error.js';
import type { LinkChange, LinkInfo, LinkSpec, RouteInfo, RouteSpec } from '../../kernel/types.js';
import { inCidr, ipToInt, networkOf, prefixLength } from './ipv4.js';
import { macvlanChildren } from './l2.js';
import type { NetStack } from './net-stack.js';

/** Fails the way LinuxKernel's `ip` wrapper does: the call is `ip link add`, the subject the rest of the command. */
function ipError(args: readonly string[], errno: string, where: string | undefined, hint: string): never {
  throw new KernelError(`ip ${args.slice(0, 2).join(' ')}`, `${args.slice(2).join(' ')}${where ? ` in ${where}` : ''}`, errno, { code: 'E_NETLINK', hint });
}

export function linkAdd(stack: NetStack, spec: LinkSpec, where?: string): void {
  const args = spec.kind === 'veth' ? ['link', 'add', 'name', spec.name, 'type', 'veth', 'peer', 'name', spec.peer]
    : spec.kind === 'macvlan' ? ['link', 'add', 'name', spec.name, 'link', spec.parent, 'type', 'macvlan', 'mode', spec.mode ?? 'bridge']
      : ['link', 'add', 'name', spec.name, 'type', spec.kind];
  if (stack.links.has(spec.name) || (spec.kind === 'veth' && (stack.links.has(spec.peer) || spec.peer === spec.name))) {
    ipError(args, 'EEXIST', where, 'RTNETLINK answers: File exists');
  }
  if (spec.kind === 'dummy') ipError(args, 'EOPNOTSUPP', where, 'Error: Unknown device type.');
  if (spec.kind === 'macvlan') {
    const parent = stack.links.get(spec.parent) ?? ipError(args, 'ENODEV', where, `Cannot find device "${spec.parent}"`);
    const l = stack.add(spec.name, 'macvlan');
    l.parent = parent;
    macvlanChildren.set(parent, [...(macvlanChildren.get(parent) ?? []), l]);
    return;
  }
  // The kernel registers a veth's peer first: it gets the lower interface index.
  const p = spec.kind === 'veth' ? stack.add(spec.peer, 'veth') : null;
  const l = stack.add(spec.name, spec.kind);
  if (p) {
    l.peer = p;
    p.peer = l;
  }
}

export function linkSet(stack: NetStack, name: string, change: LinkChange, where: string | undefined, resolveNetns: (path: string) => NetStack): void {
  const args = ['link', 'set', 'dev', name];
  if (change.master === null) args.push('nomaster');
  else if (change.master !== undefined) args.push('master', change.master);
  if (change.mac !== undefined) args.push('address', change.mac);
  if (change.mtu !== undefined) args.push('mtu', String(change.mtu));
  if (change.rename !== undefined) args.push('name', change.rename);
  if (change.netns !== undefined) args.push('netns', change.netns);
  if (change.up !== undefined) args.push(change.up ? 'up' : 'down');
  const l = stack.links.get(name) ?? ipError(args, 'ENODEV', where, `Cannot find device "${name}"`);
  if (change.master === null) l.master = null;
  else if (change.master !== undefined) {
    const m = stack.links.get(change.master) ?? ipError(args, 'ENODEV', where, `Cannot find device "${change.master}"`);
    if (m.kind !== 'bridge') ipError(args, 'EOPNOTSUPP', where, 'RTNETLINK answers: Operation not supported');
    l.master = m;
  }
  if (change.mac !== undefined) {
    if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(change.mac)) ipError(args, 'EINVAL', where, `"${change.mac}" is invalid lladdr.`);
    l.mac = change.mac.toLowerCase();
  }
  if (change.mtu !== undefined) l.mtu = change.mtu;
  if (change.rename !== undefined) {
    if (l.up) ipError(args, 'EBUSY', where, 'RTNETLINK answers: Device or resource busy');
    if (stack.links.has(change.rename)) ipError(args, 'EEXIST', where, 'RTNETLINK answers: File exists');
    stack.links.delete(l.name);
    l.name = change.rename;
    stack.links.set(l.name, l);
  }
  if (change.netns !== undefined) {
    if (l.kind === 'loopback') ipError(args, 'EINVAL', where, 'RTNETLINK answers: Invalid argument');
    const target = resolveNetns(change.netns);
    if (target.links.has(l.name)) ipError(args, 'EEXIST', where, 'RTNETLINK answers: File exists');
    target.adopt(l);
  }
  if (change.up === true && l.kind === 'loopback') l.stack.loopbackUp();
  else if (change.up !== undefined) l.up = change.up;
}

export function linkDelete(stack: NetStack, name: string, where?: string): void {
  const args = ['link', 'del', 'dev', name];
  const l = stack.links.get(name) ?? ipError(args, 'ENODEV', where, `Cannot find device "${name}"`);
  if (l.kind === 'loopback') ipError(args, 'EOPNOTSUPP', where, 'RTNETLINK answers: Operation not supported');
  const drop = (x: typeof l): void => {
    if (!x.stack.links.has(x.name) || x.stack.links.get(x.name) !== x) return;
    x.stack.links.delete(x.name);
    if (x.parent) macvlanChildren.set(x.parent, (macvlanChildren.get(x.parent) ?? []).filter((c) => c !== x));
    for (const child of macvlanChildren.get(x) ?? []) drop(child);
    x.stack.routes = x.stack.routes.filter((r) => r.dev !== x.name);
    for (const other of x.stack.links.values()) {
      if (other.master === x) other.master = null;
    }
  };
  drop(l);
  if (l.peer) drop(l.peer);
}

export function links(stack: NetStack): LinkInfo[] {
  return [...stack.links.values()].sort((a, b) => a.index - b.index).map((l) => stack.info(l));
}

export function addrAdd(stack: NetStack, link: string, cidr: string, where?: string): void {
  const args = ['addr', 'add', cidr, 'dev', link];
  const l = stack.links.get(link) ?? ipError(args, 'ENODEV', where, `Cannot find device "${link}"`);
  if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(cidr)) ipError(args, 'EINVAL', where, `Error: inet prefix is expected rather than "${cidr}".`);
  if (l.addresses.includes(cidr)) ipError(args, 'EEXIST', where, 'RTNETLINK answers: File exists');
  l.addresses.push(cidr);
  const [ip, len] = cidr.split('/') as [string, string];
  const net = networkOf(ip, Number(len));
  if (Number(len) < 32) stack.routes.push({ dst: `${net}/${len}`, dev: link, scope: 'link' });
}

export function routeAdd(stack: NetStack, route: RouteSpec, where?: string): void {
  const args = ['route', 'add', route.dst];
  if (route.via) args.push('via', route.via);
  if (route.dev) args.push('dev', route.dev);
  if (route.dev && !stack.links.has(route.dev)) ipError(args, 'ENODEV', where, `Cannot find device "${route.dev}"`);
  let dev = route.dev;
  if (route.via) {
    const onLink = stack.routes.find((r) => r.scope === 'link' && r.dev !== undefined && inCidr(route.via!, r.dst));
    if (!onLink) ipError(args, 'ENETUNREACH', where, 'Error: Nexthop has invalid gateway.');
    dev ??= onLink.dev;
  }
  if (stack.routes.some((r) => r.dst === route.dst)) ipError(args, 'EEXIST', where, 'RTNETLINK answers: File exists');
  stack.routes.push({ dst: route.dst, via: route.via, dev, scope: route.via ? 'global' : 'link' });
}

/** The main table in the kernel's order (its trie: by network address, shorter prefix first), without routes over a link that is down. */
export function routes(stack: NetStack): RouteInfo[] {
  const key = (dst: string): [number, number] => (dst === 'default' ? [0, 0] : [ipToInt(dst.split('/')[0]!), prefixLength(dst)]);
  return stack.routes
    .filter((r) => r.dev === undefined || stack.links.get(r.dev)?.up)
    .map((r) => ({ ...r }))
    .sort((a, b) => key(a.dst)[0] - key(b.dst)[0] || key(a.dst)[1] - key(b.dst)[1]);
}

/** A namespace going away: every link but lo is deleted, a veth's peer elsewhere with it. */
export function destroyAll(stack: NetStack): void {
  for (const l of [...stack.links.values()]) if (l.kind !== 'loopback' && stack.links.get(l.name) === l) linkDelete(stack, l.name);
}
