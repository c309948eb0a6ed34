import { inCidr, isLoopback, prefixLength } from './ipv4.js';
import type { Link, NetStack } from './net-stack.js';

export type RouteDecision =
  | { readonly kind: 'local'; readonly src: string }
  | { readonly kind: 'unicast'; readonly dev: Link; readonly nexthop: string; readonly src: string };

function addressOf(cidr: string): string {
  return cidr.slice(0, cidr.indexOf('/'));
}

function loopback(stack: NetStack): Link | undefined {
  return [...stack.links.values()].find((l) => l.kind === 'loopback');
}

/**
 * Whether `ip` is one of this namespace's own addresses (the local routing
 * table): 127/8 while lo is up, and every address of an interface that is up.
 */
export function isLocalAddress(stack: NetStack, ip: string): boolean {
  if (isLoopback(ip)) return loopback(stack)?.up ?? false;
  for (const l of stack.links.values()) if (l.up && l.addresses.some((a) => addressOf(a) === ip)) return true;
  return false;
}

/**
 * The kernel's route lookup: local addresses first (delivered over lo),
 * then the longest matching prefix among routes whose device is up, with
 * the source address the kernel would pick (the device's address on that
 * subnet, else its first). Null is "Network is unreachable".
 */
export function routeLookup(stack: NetStack, dst: string): RouteDecision | null {
  if (isLocalAddress(stack, dst)) {
    const lo = loopback(stack);
    if (!lo?.up) return null;
    return { kind: 'local', src: isLoopback(dst) ? '127.0.0.1' : dst };
  }
  let best: { dev: Link; via?: string; len: number } | null = null;
  for (const r of stack.routes) {
    if (!inCidr(dst, r.dst)) continue;
    const dev = r.dev !== undefined ? stack.links.get(r.dev) : undefined;
    if (!dev || !dev.up) continue;
    const len = prefixLength(r.dst);
    if (!best || len > best.len) best = { dev, via: r.via, len };
  }
  if (!best) return null;
  const nexthop = best.via ?? dst;
  return { kind: 'unicast', dev: best.dev, nexthop, src: sourceFor(stack, best.dev, nexthop) };
}

function sourceFor(stack: NetStack, dev: Link, toward: string): string {
  const own = dev.addresses.find((a) => inCidr(toward, a)) ?? dev.addresses[0];
  if (own) return addressOf(own);
  for (const l of stack.links.values()) if (l.kind !== 'loopback' && l.addresses[0]) return addressOf(l.addresses[0]);
  return '0.0.0.0';
}
