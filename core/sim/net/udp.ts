import { Inbox } from './inbox.js';
import { ipSend } from './ip-layer.js';
import type { NetStack } from './net-stack.js';
import type { Packet } from './packet.js';
import { routeLookup } from './route.js';
import type { Endpoint } from './socket-table.js';
import { checkLocal, fail, type Addr } from './tcp.js';
import type { NetWorld } from './world.js';

export interface Datagram {
  readonly data: Uint8Array;
  readonly from: Addr;
  /** An ICMP port unreachable came back for something this socket sent. */
  readonly refused?: boolean;
}

/** A bound UDP socket. An ICMP port-unreachable for what it sent is kept as ECONNREFUSED for its next receive. */
export class UdpSock implements Endpoint {
  readonly inbox = new Inbox<Datagram>();

  constructor(private readonly world: NetWorld, private readonly stack: NetStack, readonly address: string, readonly port: number) {
    stack.sockets.bind(stack.sockets.udp, this);
  }

  deliver(p: Packet): void {
    if (p.payload.kind === 'udp') this.inbox.push({ data: p.payload.data, from: { address: p.src, port: p.sport } });
    else if (p.payload.kind === 'icmp-port-unreachable') {
      this.inbox.push({ data: new Uint8Array(0), from: { address: p.src, port: 0 }, refused: true });
    }
  }

  /** sendto(2): ENETUNREACH with no route, at once. */
  send(data: Uint8Array, to: Addr): void {
    let src = this.address;
    if (src === '0.0.0.0') src = routeLookup(this.stack, to.address)?.src ?? fail('ENETUNREACH');
    const r = ipSend(this.world, this.stack, { proto: 'udp', src, dst: to.address, sport: this.port, dport: to.port, ttl: 64, payload: { kind: 'udp', data: data.slice() } });
    if (r) fail(r);
  }

  close(): void {
    this.inbox.end();
    this.stack.sockets.unbind(this.stack.sockets.udp, this);
  }
}

/** bind(2) for UDP; port 0 picks an ephemeral port. */
export function udpBind(world: NetWorld, stack: NetStack, local: Addr): UdpSock {
  checkLocal(stack, local.address);
  const t = stack.sockets;
  let port = local.port;
  if (port === 0) port = t.ephemeral((p) => t.taken(t.udp, local.address, p)) ?? fail('EADDRINUSE');
  else if (t.taken(t.udp, local.address, port)) fail('EADDRINUSE');
  return new UdpSock(world, stack, local.address, port);
}
