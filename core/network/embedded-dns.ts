import type { Kernel } from '../kernel/kernel.js';
import type { NetNsRef, SocketAddress, TcpListener, TcpStream, UdpSocket } from '../kernel/types.js';
import { decodeDns, encodeDns, FLAG, RCODE, type DnsMessage } from './dns-wire.js';

/** Docker's embedded DNS address: in every container on a user-defined network, its resolv.conf names it. */
export const EMBEDDED_DNS_ADDRESS = '127.0.0.11';
/** Docker answers container names with this TTL. */
const TTL = 600;
const UPSTREAM_TIMEOUT_MS = 2000;

/**
 * Who answers a name for one container: the addresses of the containers and
 * aliases it can see on its networks, null when the name is not one of
 * them (then the query goes to the upstream resolvers).
 */
export type NameLookup = (name: string, rotate: boolean) => string[] | null;

/** One query this server answered: from the books (`containers`) or by forwarding (`upstream`), addresses in the answer's order. */
export interface AnsweredQuery {
  readonly name: string;
  readonly type: string;
  readonly source: 'containers' | 'upstream';
  readonly addresses: readonly string[];
}

export interface EmbeddedDnsOptions {
  readonly kernel: Kernel;
  /** The container's network namespace: the server listens on 127.0.0.11:53 there. */
  readonly netnsPath: string;
  readonly lookup: NameLookup;
  /** Where other names are forwarded: the host's resolvers, asked from the host's namespace. */
  readonly upstreams: readonly SocketAddress[];
  readonly upstreamWhere: NetNsRef;
  /** Told of every query answered, after the answer is made (the engine's answer log). */
  readonly onAnswer?: (answer: AnsweredQuery) => void;
}

/**
 * dockerd's embedded DNS server for one container. It sits inside the
 * container's own network namespace (so 127.0.0.11 is the container's
 * loopback, reachable without any route), answers names of the containers
 * on the same user-defined networks, and forwards everything else from the
 * host's namespace — which is why a container can use a resolver such as
 * 127.0.0.53 that only the host can reach.
 */
export class EmbeddedDns {
  private constructor(private readonly socket: UdpSocket, private readonly tcp: TcpListener, private readonly opts: EmbeddedDnsOptions) {}

  /** UDP and TCP on 127.0.0.11:53, as Docker's: a resolver retries over TCP when an answer does not fit a datagram. */
  static async start(opts: EmbeddedDnsOptions): Promise<EmbeddedDns> {
    const where = { netns: opts.netnsPath };
    const socket = await opts.kernel.udpBind({ address: EMBEDDED_DNS_ADDRESS, port: 53 }, where);
    let tcp: TcpListener;
    try {
      tcp = await opts.kernel.tcpListen({ address: EMBEDDED_DNS_ADDRESS, port: 53 }, where);
    } catch (e) {
      await socket.close();
      throw e;
    }
    const server = new EmbeddedDns(socket, tcp, opts);
    // A query this server cannot handle is dropped, as a resolver would: it must never take the engine down.
    socket.onMessage((data, from) => {
      server.reply(data).then((r) => (r ? socket.send(r, from) : undefined)).catch(() => {});
    });
    tcp.onConnection((stream) => server.serveStream(stream));
    return server;
  }

  get local(): SocketAddress {
    return this.socket.local;
  }

  async stop(): Promise<void> {
    await this.socket.close();
    await this.tcp.close();
  }

  /** DNS over TCP: each message carries a two-byte length in front (RFC 1035 4.2.2). */
  private serveStream(stream: TcpStream): void {
    let buffered = new Uint8Array(0);
    stream.onData((chunk) => {
      const joined = new Uint8Array(buffered.length + chunk.length);
      joined.set(buffered);
      joined.set(chunk, buffered.length);
      buffered = joined;
      while (buffered.length >= 2) {
        const size = (buffered[0]! << 8) | buffered[1]!;
        if (buffered.length < 2 + size) break;
        const message = buffered.slice(2, 2 + size);
        buffered = buffered.slice(2 + size);
        this.reply(message).then((r) => {
          if (!r) return undefined;
          const framed = new Uint8Array(r.length + 2);
          framed[0] = r.length >> 8;
          framed[1] = r.length & 0xff;
          framed.set(r, 2);
          return stream.write(framed);
        }).catch(() => stream.destroy());
      }
    });
    stream.onEnd(() => { void stream.end(); });
  }

  /** The reply to one query; null for bytes that are no query (dropped). */
  private async reply(data: Uint8Array): Promise<Uint8Array | null> {
    const query = decodeDns(data);
    const question = query?.questions?.[0];
    if (!query || query.type === 'response' || !question) return null;
    const name = question.name.replace(/\.$/, '').toLowerCase();
    // Only A queries turn the round robin: a resolver's AAAA query alongside must not skip a turn.
    const addresses = this.opts.lookup(name, question.type === 'A');
    let reply: Uint8Array | null;
    if (addresses) {
      const rd = (query.flags ?? 0) & FLAG.RECURSION_DESIRED;
      // A container has only IPv4 here: AAAA for a known name is "no data", not "no such name".
      const answers = question.type === 'A' ? addresses.map((a) => ({ type: 'A', name: question.name, class: 'IN', ttl: TTL, data: a })) : [];
      reply = encodeDns({ type: 'response', id: query.id ?? 0, flags: rd | FLAG.RECURSION_AVAILABLE | RCODE.NOERROR, questions: [question], answers });
      this.opts.onAnswer?.({ name, type: question.type, source: 'containers', addresses: answers.map((a) => a.data) });
    } else {
      const forwarded = await this.forward(data);
      reply = forwarded ?? encodeDns({ type: 'response', id: query.id ?? 0, flags: FLAG.RECURSION_AVAILABLE | RCODE.SERVFAIL, questions: [question] } as DnsMessage);
      const upstreamAnswers = forwarded ? decodeDns(forwarded)?.answers ?? [] : [];
      this.opts.onAnswer?.({ name, type: question.type, source: 'upstream', addresses: upstreamAnswers.filter((a) => a.type === 'A' || a.type === 'AAAA').map((a) => String(a.data)) });
    }
    return reply;
  }

  /** Asks each upstream in turn from the host's namespace; null when none answered in time. */
  private async forward(data: Uint8Array): Promise<Uint8Array | null> {
    for (const upstream of this.opts.upstreams) {
      let sock: UdpSocket | null = null;
      try {
        sock = await this.opts.kernel.udpBind({ address: '0.0.0.0', port: 0 }, this.opts.upstreamWhere);
        const s = sock;
        const got = new Promise<Uint8Array | null>((resolve) => {
          const timer = setTimeoutish(this.opts.kernel, UPSTREAM_TIMEOUT_MS, () => resolve(null));
          s.onMessage((reply, from) => {
            if (from.address === upstream.address && from.port === upstream.port) { timer.cancel(); resolve(reply); }
          });
        });
        await s.send(data, upstream);
        const reply = await got;
        if (reply) return reply;
      } catch { /* this upstream is unreachable: try the next */ } finally {
        await sock?.close();
      }
    }
    return null;
  }
}

/** A cancellable wait on the kernel's clock (engine code has no timers of its own). */
function setTimeoutish(kernel: Kernel, ms: number, fn: () => void): { cancel(): void } {
  let cancelled = false;
  void kernel.sleep(ms).then(() => { if (!cancelled) fn(); });
  return { cancel: () => { cancelled = true; } };
}

/** The host's resolvers, as its resolv.conf names them (port 53). */
export function upstreamsFrom(resolvConf: string): SocketAddress[] {
  return resolvConf.split('\n')
    .map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1])
    .filter((a): a is string => !!a && /^\d+\.\d+\.\d+\.\d+$/.test(a))
    .map((address) => ({ address, port: 53 }));
}
