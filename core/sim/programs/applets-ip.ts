import { inCidr } from '../net/ipv4.js';
import { operational } from '../net/l2.js';
import type { Link, NetStack } from '../net/net-stack.js';
import * as ops from '../net/link-ops.js';
import type { Program, Sys } from '../sys.js';

const CAP_NET_ADMIN = 12n;

/** The link a veth or macvlan names (IFLA_LINK): its peer or its parent. */
function iflink(l: Link): Link | null {
  return l.kind === 'veth' ? l.peer : l.kind === 'macvlan' ? l.parent : null;
}

/**
 * busybox looks IFLA_LINK's index up in the caller's own namespace: a peer
 * elsewhere shows as ifN and, not being found up here, adds M-DOWN.
 */
function sameIndexHere(stack: NetStack, l: Link): Link | undefined {
  const other = iflink(l);
  return other ? [...stack.links.values()].find((x) => x.index === other.index) : undefined;
}

function flags(stack: NetStack, l: Link): string {
  const f = l.kind === 'loopback' ? ['LOOPBACK'] : ['BROADCAST', 'MULTICAST'];
  if (l.up) {
    f.push('UP');
    if (operational(l)) f.push('LOWER_UP');
    else f.unshift('NO-CARRIER');
  }
  if (iflink(l) && !sameIndexHere(stack, l)?.up) f.push('M-DOWN');
  return f.join(',');
}

function nameOf(stack: NetStack, l: Link): string {
  const other = iflink(l);
  if (!other) return l.name;
  return `${l.name}@${sameIndexHere(stack, l)?.name ?? `if${other.index}`}`;
}

function linkLines(stack: NetStack, l: Link): string[] {
  const master = l.master ? `master ${l.master.name} ` : '';
  const qdisc = l.up ? 'noqueue' : 'noop';
  const brd = l.kind === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff';
  return [
    `${l.index}: ${nameOf(stack, l)}: <${flags(stack, l)}> mtu ${l.mtu} qdisc ${qdisc} ${master}qlen 1000`,
    `    link/${l.kind === 'loopback' ? 'loopback' : 'ether'} ${l.mac} brd ${brd}`,
  ];
}

function addrLines(l: Link): string[] {
  return l.addresses.flatMap((a) => [
    `    inet ${a} scope ${l.kind === 'loopback' ? 'host' : 'global'} ${l.name}`,
    '       valid_lft forever preferred_lft forever',
  ]);
}

function routeLines(stack: NetStack): string[] {
  return ops.routes(stack).map((r) => {
    if (r.via) return `${r.dst} via ${r.via} dev ${r.dev} `;
    const dev = r.dev ? stack.links.get(r.dev) : undefined;
    const src = dev?.addresses.find((a) => inCidr(a.slice(0, a.indexOf('/')), r.dst));
    return `${r.dst} dev ${r.dev} scope link ${src ? ` src ${src.slice(0, src.indexOf('/'))} ` : ''}`;
  });
}

function sorted(stack: NetStack): Link[] {
  return [...stack.links.values()].sort((a, b) => a.index - b.index);
}

/**
 * ip addr|link|route — show, and the changes busybox's ip makes (link set
 * up/down, addr add, route add), in the calling process's namespace, with
 * busybox's output (IPv4 only: the simulator has no IPv6).
 */
export const ip: Program = async (sys) => {
  const args = sys.argv.slice(1).filter((a) => a !== '-4');
  const [object = '', verb = 'show', ...rest] = args;
  const stack = sys.proc.ns.net.stack;
  const pick = (): Link[] => {
    const name = rest[0] === 'dev' ? rest[1] : rest[0];
    return name ? sorted(stack).filter((l) => l.name === name) : sorted(stack);
  };
  const show = (verb === 'show' || verb === 'list' || verb === 'ls');
  try {
    if ('address'.startsWith(object) && object) {
      if (show) {
        const which = pick();
        if (which.length === 0) return await missing(sys, rest);
        await sys.out(which.flatMap((l) => [...linkLines(stack, l), ...addrLines(l)]).map((x) => `${x}\n`).join(''));
        return 0;
      }
      if (verb === 'add') return await change(sys, () => ops.addrAdd(stack, rest[2]!, rest[0]!));
    } else if ('link'.startsWith(object) && object) {
      if (show) {
        const which = pick();
        if (which.length === 0) return await missing(sys, rest);
        await sys.out(which.flatMap((l) => linkLines(stack, l)).map((x) => `${x}\n`).join(''));
        return 0;
      }
      if (verb === 'set') {
        const name = rest[0] === 'dev' ? rest[1]! : rest[0]!;
        const up = rest.includes('up') ? true : rest.includes('down') ? false : undefined;
        return await change(sys, () => ops.linkSet(stack, name, { up }, undefined, () => stack));
      }
    } else if ('route'.startsWith(object) && object) {
      if (show) {
        await sys.out(routeLines(stack).map((x) => `${x}\n`).join(''));
        return 0;
      }
      if (verb === 'add') {
        const at = (k: string): string | undefined => { const i = rest.indexOf(k); return i >= 0 ? rest[i + 1] : undefined; };
        return await change(sys, () => ops.routeAdd(stack, { dst: rest[0]!, via: at('via'), dev: at('dev') }));
      }
    }
  } catch (e) {
    await sys.err(`ip: ${(e as { hint?: string }).hint ?? (e as Error).message}\n`);
    return 1;
  }
  await sys.err('BusyBox v1.36.1 multi-call binary.\n\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n');
  return 1;
};

async function missing(sys: Sys, rest: string[]): Promise<number> {
  await sys.err(`ip: can't find device '${rest[0] === 'dev' ? rest[1] : rest[0]}'\n`);
  return 1;
}

async function change(sys: Sys, fn: () => void): Promise<number> {
  if (((sys.proc.caps.effective >> CAP_NET_ADMIN) & 1n) === 0n) {
    await sys.err('ip: RTNETLINK answers: Operation not permitted\n');
    return 2;
  }
  fn();
  return 0;
}
