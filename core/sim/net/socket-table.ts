import type { SeededRandom } from '../vfs/index.js';
import type { Packet } from './packet.js';

/** Where a socket ends: UDP bound sockets and TCP listeners/connections receive through this. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
  deliver(p: Packet): void;
}

const EPHEMERAL_LOW = 32768;
const EPHEMERAL_HIGH = 60999;

/**
 * A namespace's socket bindings per protocol. Binding follows the kernel:
 * a port is taken when another socket holds it on the same address or on
 * 0.0.0.0; connections are found by their four addresses first, then the
 * listener on the port.
 */
export class SocketTable {
  readonly udp = new Map<number, Endpoint[]>();
  readonly tcpListeners = new Map<number, Endpoint[]>();
  /** Established or connecting TCP sockets, by "local:lport remote:rport". */
  readonly tcpConns = new Map<string, Endpoint>();
  /** ICMP echo sockets (ping), by identifier. */
  readonly pings = new Map<number, (p: Packet) => void>();
  private nextEphemeral: number;

  constructor(random: SeededRandom) {
    // The kernel starts its search at a random offset; seeded here, so runs repeat.
    this.nextEphemeral = EPHEMERAL_LOW + (random.nextUint32() % (EPHEMERAL_HIGH - EPHEMERAL_LOW));
  }

  /** Whether `port` can be bound at `address` for a protocol's table. */
  taken(table: Map<number, Endpoint[]>, address: string, port: number): boolean {
    return (table.get(port) ?? []).some((e) => e.address === address || e.address === '0.0.0.0' || address === '0.0.0.0');
  }

  bind(table: Map<number, Endpoint[]>, e: Endpoint): void {
    table.set(e.port, [...(table.get(e.port) ?? []), e]);
  }

  unbind(table: Map<number, Endpoint[]>, e: Endpoint): void {
    const rest = (table.get(e.port) ?? []).filter((x) => x !== e);
    if (rest.length) table.set(e.port, rest);
    else table.delete(e.port);
  }

  /** The most specific socket for a destination: its own address first, then 0.0.0.0. */
  lookup(table: Map<number, Endpoint[]>, address: string, port: number): Endpoint | undefined {
    const all = table.get(port) ?? [];
    return all.find((e) => e.address === address) ?? all.find((e) => e.address === '0.0.0.0');
  }

  /** A free local port from the ephemeral range (ip_local_port_range 32768–60999). */
  ephemeral(inUse: (port: number) => boolean): number | null {
    const span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
    for (let i = 0; i < span; i++) {
      const port = EPHEMERAL_LOW + ((this.nextEphemeral - EPHEMERAL_LOW + i) % span);
      if (!inUse(port)) {
        this.nextEphemeral = port + 1 > EPHEMERAL_HIGH ? EPHEMERAL_LOW : port + 1;
        return port;
      }
    }
    return null;
  }

  static connKey(local: string, lport: number, remote: string, rport: number): string {
    return `${local}:${lport} ${remote}:${rport}`;
  }
}
