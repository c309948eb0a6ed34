import type { LinkInfo, LinkKind, RouteInfo } from '../../kernel/types.js';
import type { SeededRandom } from '../vfs/index.js';
import { Conntrack } from './conntrack.js';
import { NftRuleset } from './nft-ruleset.js';
import { SocketTable } from './socket-table.js';

export interface Link {
  index: number;
  name: string;
  readonly kind: LinkKind;
  mac: string;
  mtu: number;
  up: boolean;
  master: Link | null;
  peer: Link | null;
  /** macvlan: the link it sits on. */
  parent: Link | null;
  stack: NetStack;
  addresses: string[];
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
}

/**
 * One network namespace's links, addresses and routes. Interface indexes are
 * per namespace, as on Linux; a veth pair may span two namespaces.
 */
export class NetStack {
  readonly links = new Map<string, Link>();
  routes: RouteInfo[] = [];
  /** Sockets bound here, by protocol and port. */
  readonly sockets: SocketTable;
  /** The nftables ruleset loaded in this namespace (nft -f). */
  readonly nft = new NftRuleset();
  readonly conntrack = new Conntrack();
  /** Neighbours resolved by ARP: address → MAC (what `ip neigh` shows). */
  readonly neighbours = new Map<string, string>();
  /** net.ipv4.ip_forward: the host namespace routes between its links, a new namespace does not. */
  forwarding = false;
  private nextIndex = 1;

  constructor(private readonly random: SeededRandom, withLoopback = true) {
    this.sockets = new SocketTable(random);
    if (withLoopback) {
      const lo = this.add('lo', 'loopback');
      lo.mac = '00:00:00:00:00:00';
      lo.mtu = 65536;
    }
  }

  /**
   * A new network namespace's stack: lo down and no other link; IPv4's
   * ip_forward copied from the host's namespace (net.core.devconf_inherit_init_net=0,
   * the default, as on this host).
   */
  static forNewNamespace(random: SeededRandom, host: NetStack): NetStack {
    const s = new NetStack(random, true);
    s.forwarding = host.forwarding;
    return s;
  }

  /** Brings lo up the way Linux does: 127.0.0.1/8 appears with it (and stays when it goes down again). */
  loopbackUp(): void {
    const lo = [...this.links.values()].find((l) => l.kind === 'loopback');
    if (!lo) return;
    lo.up = true;
    if (!lo.addresses.includes('127.0.0.1/8')) lo.addresses.unshift('127.0.0.1/8');
  }

  add(name: string, kind: LinkKind): Link {
    const link: Link = {
      index: this.nextIndex++, name, kind, mac: this.randomMac(), mtu: 1500, up: false, master: null, peer: null,
      parent: null, stack: this, addresses: [], rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0,
    };
    this.links.set(name, link);
    return link;
  }

  /** Moves a link in from another namespace: it gets an index here (keeping its old one when free, as Linux tries to). */
  adopt(link: Link): void {
    link.stack.links.delete(link.name);
    link.stack.routes = link.stack.routes.filter((r) => r.dev !== link.name);
    const taken = [...this.links.values()].some((l) => l.index === link.index);
    if (taken) link.index = this.nextIndex++;
    else this.nextIndex = Math.max(this.nextIndex, link.index + 1);
    link.stack = this;
    link.up = false;
    link.addresses = [];
    link.master = null;
    this.links.set(link.name, link);
  }

  info(l: Link): LinkInfo {
    return {
      index: l.index, name: l.name, kind: l.kind, mac: l.mac, mtu: l.mtu, up: l.up, master: l.master?.name ?? null,
      peerIndex: l.kind === 'veth' ? (l.peer?.index ?? null) : null, addresses: [...l.addresses],
    };
  }

  private randomMac(): string {
    const b = this.random.bytes(6);
    b[0] = (b[0]! & 0xfe) | 0x02;
    return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
  }
}
