import type { Link } from './net-stack.js';

/** A link a frame crossed, in order, and which way. */
export interface L2Hop {
  readonly link: Link;
  readonly dir: 'tx' | 'rx';
}

/** An interface with an IP stack behind it that a frame reached, and the way there. */
export interface L2Reach {
  readonly at: Link;
  readonly hops: readonly L2Hop[];
}

/** Up, and with a carrier: a veth needs its peer up, a macvlan its parent. */
export function operational(l: Link): boolean {
  if (!l.up) return false;
  if (l.kind === 'veth') return l.peer !== null && l.peer.up;
  if (l.kind === 'macvlan') return l.parent !== null && l.parent.up;
  return true;
}

/**
 * Every interface a broadcast frame sent out of `from` reaches (the ARP
 * request's journey): across a veth to its peer, through a bridge to its
 * other ports and to the bridge itself, between macvlan siblings and out
 * of their parent. A frame leaving a parent never comes back up into that
 * parent's own macvlan children — why the host cannot reach its macvlan
 * containers through the parent.
 */
export function flood(from: Link): L2Reach[] {
  const out: L2Reach[] = [];
  const seen = new Set<Link>();

  const wire = (l: Link, hops: L2Hop[]): void => {
    // What is on the other end of l's cable.
    if (l.kind === 'veth' && l.peer && l.peer.up) arrive(l.peer, [...hops, { link: l.peer, dir: 'rx' }]);
  };

  const send = (l: Link, hops: L2Hop[]): void => {
    if (!operational(l) || seen.has(l)) return;
    seen.add(l);
    const h = [...hops, { link: l, dir: 'tx' as const }];
    switch (l.kind) {
      case 'loopback':
        out.push({ at: l, hops: [...h, { link: l, dir: 'rx' }] });
        return;
      case 'bridge':
        for (const port of l.stack.links.values()) if (port.master === l) send(port, h);
        return;
      case 'macvlan': {
        const parent = l.parent!;
        for (const sib of childrenOf(parent)) {
          if (sib !== l && sib.up && !seen.has(sib)) {
            seen.add(sib);
            out.push({ at: sib, hops: [...h, { link: sib, dir: 'rx' }] });
          }
        }
        if (!seen.has(parent)) {
          seen.add(parent);
          wire(parent, [...h, { link: parent, dir: 'tx' }]);
        }
        return;
      }
      default:
        wire(l, h);
    }
  };

  const arrive = (l: Link, hops: L2Hop[]): void => {
    if (seen.has(l)) return;
    seen.add(l);
    const bridge = l.master;
    if (bridge) {
      if (!bridge.up) return;
      if (!seen.has(bridge)) {
        seen.add(bridge);
        out.push({ at: bridge, hops: [...hops, { link: bridge, dir: 'rx' }] });
      }
      for (const port of bridge.stack.links.values()) if (port.master === bridge && port !== l) send(port, hops);
      return;
    }
    out.push({ at: l, hops });
    for (const child of childrenOf(l)) {
      if (child.up && !seen.has(child)) {
        seen.add(child);
        out.push({ at: child, hops: [...hops, { link: child, dir: 'rx' }] });
      }
    }
  };

  send(from, []);
  return out;
}

/** macvlan children sit in any namespace; they point at their parent, so look where they could be. */
function childrenOf(parent: Link): Link[] {
  return macvlanChildren.get(parent) ?? [];
}

/** Parent → its macvlan children, kept by link-ops when a macvlan is made or deleted. */
export const macvlanChildren = new WeakMap<Link, Link[]>();
