import {
  contains, formatCidr, formatIPv4, lastOf, overlaps, parseCidr, parseIPv4, usableRange, type Cidr,
} from './ipv4.js';
import {
  addressInUse, invalidAddress, invalidGateway, invalidSubnet, networkExists, networkNotFound, poolExhausted, subnetOverlap,
} from './network-errors.js';

/** One network's address pool, as stored on disk (plain JSON). */
export interface IpamPoolState {
  /** The network's id: pools are keyed by it, names can change. */
  readonly network: string;
  readonly subnet: string;
  readonly gateway: string;
  /** Addresses handed out to endpoints, in the order they were handed out. */
  readonly allocated: readonly string[];
  /** Where the next search starts: just past the last address handed out. */
  readonly next: string;
}

export interface IpamState {
  readonly pools: readonly IpamPoolState[];
}

export interface PoolRequest {
  readonly subnet: string;
  readonly gateway?: string;
}

/** An address handed to an endpoint, with what it needs to configure itself. */
export interface Allocation {
  readonly address: string;
  /** `address/prefix`, as it is added to the interface. */
  readonly cidr: string;
  readonly gateway: string;
}

interface Pool {
  readonly network: string;
  readonly cidr: Cidr;
  readonly gateway: number;
  readonly allocated: Set<number>;
  next: number;
}

/**
 * Address management for every network of one engine. Like Docker's default
 * IPAM it hands addresses out sequentially and keeps going past released
 * ones, wrapping around only at the end of the subnet: a just-released
 * address is not reused at once, so a stale ARP entry or DNS answer for a
 * removed container does not point at the next one.
 */
export class Ipam {
  private readonly pools = new Map<string, Pool>();

  static fromJSON(state: IpamState): Ipam {
    const ipam = new Ipam();
    for (const p of state.pools) {
      const pool = ipam.reserve(p.network, { subnet: p.subnet, gateway: p.gateway });
      for (const a of p.allocated) pool.allocated.add(ipam.addressIn(pool, a));
      const next = parseIPv4(p.next);
      if (next !== null && contains(pool.cidr, next)) pool.next = next;
    }
    return ipam;
  }

  toJSON(): IpamState {
    return { pools: [...this.pools.keys()].map((id) => this.poolOf(id)) };
  }

  /** Reserves a subnet for a network; the gateway defaults to its first usable address. */
  addPool(network: string, req: PoolRequest): IpamPoolState {
    this.reserve(network, req);
    return this.poolOf(network);
  }

  private reserve(network: string, req: PoolRequest): Pool {
    if (this.pools.has(network)) throw networkExists(network);
    const cidr = parseCidr(req.subnet);
    // A /31 or /32 leaves no room for a gateway and an endpoint.
    if (!cidr || cidr.prefix > 30) throw invalidSubnet(req.subnet);
    for (const other of this.pools.values()) {
      if (overlaps(cidr, other.cidr)) throw subnetOverlap(req.subnet, formatCidr(other.cidr));
    }
    const range = usableRange(cidr);
    const gateway = req.gateway === undefined ? range.first : parseIPv4(req.gateway);
    if (gateway === null || gateway < range.first || gateway > range.last) {
      throw invalidGateway(req.gateway ?? '', req.subnet);
    }
    const pool: Pool = { network, cidr, gateway, allocated: new Set(), next: range.first };
    this.pools.set(network, pool);
    return pool;
  }

  removePool(network: string): void {
    this.pools.delete(network);
  }

  hasPool(network: string): boolean {
    return this.pools.has(network);
  }

  poolOf(network: string): IpamPoolState {
    const p = this.get(network);
    return { network, subnet: formatCidr(p.cidr), gateway: formatIPv4(p.gateway), allocated: [...p.allocated].map(formatIPv4), next: formatIPv4(p.next) };
  }

  /** The addresses currently handed out on a network (the gateway is not counted). */
  inUse(network: string): string[] {
    return [...this.get(network).allocated].map(formatIPv4);
  }

  /** The next free address, or exactly `preferred` (`--ip`) when it is free. */
  allocate(network: string, preferred?: string): Allocation {
    const pool = this.get(network);
    let chosen: number;
    if (preferred !== undefined) {
      chosen = this.addressIn(pool, preferred);
      if (chosen === pool.gateway || pool.allocated.has(chosen)) throw addressInUse(preferred);
    } else {
      chosen = this.search(pool);
    }
    pool.allocated.add(chosen);
    const { first, last } = usableRange(pool.cidr);
    pool.next = chosen >= last ? first : chosen + 1;
    return this.allocationOf(pool, chosen);
  }

  /** Gives an address back. Releasing one that is not handed out is a no-op (teardown may run twice). */
  release(network: string, address: string): void {
    const pool = this.pools.get(network);
    const n = parseIPv4(address.split('/')[0] ?? '');
    if (pool && n !== null) pool.allocated.delete(n);
  }

  private search(pool: Pool): number {
    const { first, last } = usableRange(pool.cidr);
    const free = (n: number) => n !== pool.gateway && !pool.allocated.has(n);
    for (let n = pool.next; n <= last; n++) if (free(n)) return n;
    for (let n = first; n < pool.next; n++) if (free(n)) return n;
    throw poolExhausted(pool.network);
  }

  private addressIn(pool: Pool, text: string): number {
    const n = parseIPv4(text);
    const { first, last } = usableRange(pool.cidr);
    if (n === null || n < first || n > last) throw invalidAddress(text, formatCidr(pool.cidr));
    return n;
  }

  private allocationOf(pool: Pool, n: number): Allocation {
    const address = formatIPv4(n);
    return { address, cidr: `${address}/${pool.cidr.prefix}`, gateway: formatIPv4(pool.gateway) };
  }

  private get(network: string): Pool {
    const p = this.pools.get(network);
    if (!p) throw networkNotFound(network);
    return p;
  }

  /**
   * The first subnet of `size` inside `space` that overlaps no pool: how a
   * network created without `--subnet` gets one, as Docker carves its
   * default address pools.
   */
  freeSubnet(space: string, prefix: number): string {
    const outer = parseCidr(space);
    if (!outer || prefix < outer.prefix || prefix > 30) throw invalidSubnet(space);
    const step = 2 ** (32 - prefix);
    for (let base = outer.base; base + step - 1 <= lastOf(outer); base += step) {
      const candidate: Cidr = { base, prefix };
      if (![...this.pools.values()].some((p) => overlaps(p.cidr, candidate))) return formatCidr(candidate);
    }
    throw poolExhausted(`(no free /${prefix} left in ${space})`);
  }
}
