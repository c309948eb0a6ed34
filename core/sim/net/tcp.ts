import { Inbox } from './inbox.js';
import { NetError } from './net-error.js';
import { ipSend } from './ip-layer.js';
import type { NetStack } from './net-stack.js';
import type { Packet, TcpFlag } from './packet.js';
import { routeLookup, isLocalAddress } from './route.js';
import { SocketTable, type Endpoint } from './socket-table.js';
import type { NetWorld } from './world.js';

export interface Addr {
  readonly address: string;
  readonly port: number;
}

const MSS = 1448;
/** tcp_syn_retries=6: 1+2+4+8+16+32+64 s before connect gives up. */
const SYN_TIMEOUT_MS = 127_000;

type State = 'SYN_SENT' | 'SYN_RCVD' | 'ESTABLISHED' | 'CLOSED';

/**
 * One end of a TCP connection: a reliable, ordered byte stream over the
 * packet model (every segment is a packet that crosses the links), with
 * the handshake, FIN half-closes and RST. No windows or retransmission:
 * links do not lose packets that have a place to go.
 */
export class TcpConnection implements Endpoint {
  state: State;
  readonly inbox = new Inbox<Uint8Array>();
  private sentFin = false;
  private gotFin = false;
  onEstablished: (() => void) | null = null;
  onFailed: ((errno: string) => void) | null = null;

  constructor(private readonly world: NetWorld, private readonly stack: NetStack, readonly local: Addr, readonly remote: Addr, state: State) {
    this.state = state;
    stack.sockets.tcpConns.set(this.key, this);
  }

  get address(): string { return this.local.address; }
  get port(): number { return this.local.port; }
  private get key(): string { return SocketTable.connKey(this.local.address, this.local.port, this.remote.address, this.remote.port); }

  send(flag: TcpFlag | 'DATA', data?: Uint8Array): 'ENETUNREACH' | null {
    return ipSend(this.world, this.stack, {
      proto: 'tcp', src: this.local.address, dst: this.remote.address, sport: this.local.port, dport: this.remote.port, ttl: 64,
      payload: { kind: 'tcp', flag, ...(data ? { data } : {}) },
      onError: (errno) => this.fail(errno),
    });
  }

  deliver(p: Packet): void {
    if (p.payload.kind !== 'tcp') return;
    const { flag, data } = p.payload;
    if (flag === 'RST') {
      if (this.state === 'SYN_SENT') return this.fail('ECONNREFUSED');
      this.close('ECONNRESET');
      return;
    }
    if (this.state === 'SYN_SENT' && flag === 'SYN-ACK') {
      this.state = 'ESTABLISHED';
      this.send('ACK');
      this.onEstablished?.();
      return;
    }
    if (this.state === 'SYN_RCVD' && flag === 'ACK') {
      this.state = 'ESTABLISHED';
      this.onEstablished?.();
      return;
    }
    if (this.state !== 'ESTABLISHED') return;
    if (flag === 'DATA' && data) this.inbox.push(data);
    if (flag === 'FIN') {
      this.gotFin = true;
      this.inbox.end();
      if (this.sentFin) this.close(null);
    }
  }

  /** Sends bytes in MSS-sized segments; EPIPE once this side has sent FIN or the connection is gone. */
  write(data: Uint8Array): void {
    if (this.state !== 'ESTABLISHED' || this.sentFin) throw new NetError('EPIPE', 'Broken pipe');
    for (let i = 0; i < data.length; i += MSS) this.send('DATA', data.slice(i, i + MSS));
  }

  /** Half-close: FIN after what was written. */
  end(): void {
    if (this.sentFin || this.state !== 'ESTABLISHED') return;
    this.sentFin = true;
    this.send('FIN');
    if (this.gotFin) this.close(null);
  }

  /** Abort: RST to the peer, nothing more to read. */
  destroy(): void {
    if (this.state === 'CLOSED') return;
    if (this.state === 'ESTABLISHED' && !(this.sentFin && this.gotFin)) this.send('RST');
    this.close(null);
  }

  private fail(errno: string): void {
    if (this.state === 'CLOSED') return;
    const was = this.state;
    this.close(errno);
    if (was === 'SYN_SENT') this.onFailed?.(errno);
  }

  private close(error: string | null): void {
    this.state = 'CLOSED';
    this.inbox.end(error);
    if (this.stack.sockets.tcpConns.get(this.key) === this) this.stack.sockets.tcpConns.delete(this.key);
  }
}

/** A listening socket: completes handshakes and queues the connections for accept. */
export class TcpListenSocket implements Endpoint {
  readonly accepted = new Inbox<TcpConnection>();

  constructor(private readonly world: NetWorld, private readonly stack: NetStack, readonly address: string, readonly port: number) {
    stack.sockets.bind(stack.sockets.tcpListeners, this);
  }

  deliver(p: Packet): void {
    if (p.payload.kind !== 'tcp' || p.payload.flag !== 'SYN' || this.accepted.isEnded) return;
    const c = new TcpConnection(this.world, this.stack, { address: p.dst, port: p.dport }, { address: p.src, port: p.sport }, 'SYN_RCVD');
    c.onEstablished = () => this.accepted.push(c);
    c.send('SYN-ACK');
  }

  accept(): Promise<TcpConnection | null> {
    return this.accepted.next();
  }

  close(): void {
    this.accepted.end();
    this.stack.sockets.unbind(this.stack.sockets.tcpListeners, this);
  }
}

/** listen(2) on address:port (port 0 picks one); EADDRINUSE when taken, EADDRNOTAVAIL for an address not here. */
export function tcpListen(world: NetWorld, stack: NetStack, local: Addr): TcpListenSocket {
  checkLocal(stack, local.address);
  const t = stack.sockets;
  let port = local.port;
  if (port === 0) port = t.ephemeral((p) => t.taken(t.tcpListeners, local.address, p)) ?? fail('EADDRINUSE');
  else if (t.taken(t.tcpListeners, local.address, port)) fail('EADDRINUSE');
  return new TcpListenSocket(world, stack, local.address, port);
}

/**
 * connect(2): SYN from an ephemeral port; resolves once established.
 * ECONNREFUSED on RST (nothing listens), ENETUNREACH with no route,
 * EHOSTUNREACH when ARP gets no answer, ETIMEDOUT when SYNs vanish.
 */
export function tcpConnect(world: NetWorld, stack: NetStack, remote: Addr): Promise<TcpConnection> {
  const route = routeLookup(stack, remote.address);
  if (!route) return Promise.reject(new NetError('ENETUNREACH', 'Network is unreachable'));
  const t = stack.sockets;
  const port = t.ephemeral((p) => t.taken(t.tcpListeners, route.src, p) || t.tcpConns.has(SocketTable.connKey(route.src, p, remote.address, remote.port)));
  if (port === null) return Promise.reject(new NetError('EADDRNOTAVAIL', 'Cannot assign requested address'));
  const c = new TcpConnection(world, stack, { address: route.src, port }, remote, 'SYN_SENT');
  return new Promise((resolve, reject) => {
    const cancel = world.later(SYN_TIMEOUT_MS, () => {
      if (c.state !== 'SYN_SENT') return;
      c.onFailed = null;
      c.destroy();
      reject(new NetError('ETIMEDOUT', MESSAGES.ETIMEDOUT!));
    });
    c.onEstablished = () => { cancel(); resolve(c); };
    c.onFailed = (errno) => { cancel(); reject(new NetError(errno, MESSAGES[errno] ?? errno)); };
    if (c.send('SYN') === 'ENETUNREACH') c.onFailed?.('ENETUNREACH');
  });
}

export const MESSAGES: Record<string, string> = {
  ECONNREFUSED: 'Connection refused', ENETUNREACH: 'Network is unreachable', EHOSTUNREACH: 'No route to host',
  ETIMEDOUT: 'Connection timed out', EADDRINUSE: 'Address already in use', EADDRNOTAVAIL: 'Cannot assign requested address',
  ECONNRESET: 'Connection reset by peer', EPIPE: 'Broken pipe',
};

export function fail(errno: string): never {
  throw new NetError(errno, MESSAGES[errno] ?? errno);
}

export function checkLocal(stack: NetStack, address: string): void {
  if (address !== '0.0.0.0' && !isLocalAddress(stack, address)) fail('EADDRNOTAVAIL');
}
