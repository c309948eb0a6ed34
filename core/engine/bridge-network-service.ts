import type { Kernel } from '../kernel/kernel.js';
import { isKernelError } from '../kernel/kernel-error.js';
import type { SocketAddress } from '../kernel/types.js';
import { attachToBridge, bridgeNameFor, createBridgeNetwork, DEFAULT_BRIDGE, removeBridgeNetwork, USER_NETWORK_SPACE } from '../network/bridge-network.js';
import { DnsAnswerLog, type DnsAnswerRecord } from '../network/dns-answer-log.js';
import { EmbeddedDns, upstreamsFrom, type AnsweredQuery } from '../network/embedded-dns.js';
import { detachEndpoint } from '../network/endpoint.js';
import { Ipam } from '../network/ipam.js';
import { formatCidr, parseCidr } from '../network/ipv4.js';
import { attachToMacvlan, createMacvlanNetwork, removeMacvlanNetwork } from '../network/macvlan-network.js';
import {
  alreadyConnected, networkExists, networkInUse, networkNotFound, notConnected, poolExhausted, predefinedNetwork, unknownDriver,
} from '../network/network-errors.js';
import { checkNewNetworkName, findNetwork, hostWhere, type Endpoint, type NetworkHost, type NetworkRecord } from '../network/network-record.js';
import { PortAllocator, type PortAllocatorState, type PortBinding } from '../network/port-allocator.js';
import type { PortMapping } from '../network/port-spec.js';
import { applyNatRules, removeNatRules } from '../network/port-rules.js';
import { SocketProxy } from '../network/socket-proxy.js';
import type { ProxyHandle } from '../network/userland-proxy.js';
import { ContainerDirectory } from './container-directory.js';
import { hex } from './names.js';
import type { NetworkAttachment, NetworkCreateRequest, NetworkService, NetworkView } from './network-service.js';

interface NetworkState {
  ipam: ReturnType<Ipam['toJSON']>;
  networks: NetworkRecord[];
  endpoints: Endpoint[];
  ports?: PortAllocatorState;
}

export interface BridgeDefaults {
  /** The Linux bridge of the default network (`dockbook0`). */
  readonly bridge: string;
  readonly subnet: string;
  /** The nftables table that holds published ports and masquerading (`dockbook_nat`). */
  readonly natTable?: string;
  /** Where the embedded DNS forwards names it does not know; the host's resolv.conf when absent. */
  readonly dnsUpstreams?: readonly SocketAddress[];
}

/** Docker's networks that exist without `network create`; only `bridge` has anything behind it. */
const PREDEFINED = ['bridge', 'host', 'none'] as const;

/**
 * Every network of the engine — the default bridge, user-defined bridge and
 * macvlan networks — with the containers' endpoints, published ports, port
 * proxies and embedded DNS servers. Kept in `<root>/network/state.json` so
 * that addresses and veths can be released after an engine restart.
 */
export class BridgeNetworkService implements NetworkService {
  private state: NetworkState | null = null;
  private readonly dns = new Map<string, EmbeddedDns>();
  private readonly proxies = new Map<string, ProxyHandle[]>();
  private readonly proxy: SocketProxy;
  /** One change at a time: the state file and the IPAM are read, changed and written as a whole. */
  private queue: Promise<unknown> = Promise.resolve();
  readonly directory = new ContainerDirectory();
  private readonly answers = new DnsAnswerLog();

  constructor(
    private readonly kernel: Kernel,
    private readonly root: string,
    private readonly host: NetworkHost,
    private readonly defaults: BridgeDefaults = { bridge: DEFAULT_BRIDGE.bridge, subnet: DEFAULT_BRIDGE.subnet },
  ) {
    this.proxy = new SocketProxy(kernel, hostWhere(host));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private get file(): string {
    return `${this.root}/network/state.json`;
  }

  private async load(): Promise<NetworkState> {
    if (this.state) return this.state;
    const text = await this.kernel.readText(this.file).catch(() => null);
    this.state = text ? (JSON.parse(text) as NetworkState) : { ipam: new Ipam().toJSON(), networks: [], endpoints: [] };
    return this.state;
  }

  private async save(s: NetworkState, ipam: Ipam): Promise<void> {
    s.ipam = ipam.toJSON();
    await this.kernel.mkdir(`${this.root}/network`, { recursive: true });
    await this.kernel.writeFile(`${this.file}.tmp`, JSON.stringify(s));
    await this.kernel.rename(`${this.file}.tmp`, this.file);
  }

  private async defaultNetwork(s: NetworkState, ipam: Ipam): Promise<NetworkRecord> {
    const existing = s.networks.find((n) => n.name === DEFAULT_BRIDGE.name);
    if (existing) return existing;
    const net = await createBridgeNetwork(this.host, ipam, { id: 'bridge', name: DEFAULT_BRIDGE.name, subnet: this.defaults.subnet, bridge: this.defaults.bridge });
    s.networks.push(net);
    return net;
  }

  private get natTable(): string {
    return this.defaults.natTable ?? 'dockbook_nat';
  }

  /** A stable id for a predefined network (Docker makes a random one once; ours is derived, so it survives a state reset). */
  private async predefinedId(name: string): Promise<string> {
    return this.kernel.sha256(`dockbook-predefined-network/${name}`);
  }

  private async predefinedRecords(s: NetworkState): Promise<NetworkRecord[]> {
    const out: NetworkRecord[] = [];
    for (const name of PREDEFINED) {
      const stored = s.networks.find((n) => n.name === name);
      const id = await this.predefinedId(name);
      if (stored) out.push({ ...stored, id });
      else if (name === 'bridge') out.push({ id, name, driver: 'bridge', subnet: this.defaults.subnet, gateway: '', bridge: this.defaults.bridge, options: {} });
      else out.push({ id, name, driver: name === 'host' ? 'host' : 'null', subnet: '', gateway: '', options: {} } as unknown as NetworkRecord);
    }
    return out;
  }

  /** By name, id or id prefix among predefined and user networks; the stored record for `bridge`. */
  private async find(s: NetworkState, ref: string): Promise<{ record: NetworkRecord; stored: NetworkRecord | null; predefined: boolean }> {
    const predefined = await this.predefinedRecords(s);
    const user = s.networks.filter((n) => !(PREDEFINED as readonly string[]).includes(n.name));
    const record = findNetwork([...predefined, ...user], ref);
    const isPre = predefined.includes(record);
    const stored = isPre ? (s.networks.find((n) => n.name === record.name) ?? null) : record;
    return { record, stored, predefined: isPre };
  }

  private view(s: NetworkState, record: NetworkRecord, predefined: boolean): NetworkView {
    const storedId = predefined ? record.name : record.id;
    return { record, predefined, endpoints: s.endpoints.filter((e) => e.network === storedId) };
  }

  // ── networks ───────────────────────────────────────────────────────
  list(): Promise<NetworkView[]> {
    return this.serial(async () => {
      const s = await this.load();
      const pre = await this.predefinedRecords(s);
      const user = s.networks.filter((n) => !(PREDEFINED as readonly string[]).includes(n.name));
      return [...pre.map((r) => this.view(s, r, true)), ...user.map((r) => this.view(s, r, false))];
    });
  }

  get(ref: string): Promise<NetworkView> {
    return this.serial(async () => {
      const s = await this.load();
      const found = await this.find(s, ref);
      return this.view(s, found.record, found.predefined);
    });
  }

  async checkMode(mode: string): Promise<void> {
    if (mode === 'default' || (PREDEFINED as readonly string[]).includes(mode) || mode.startsWith('container:')) return;
    await this.get(mode);
  }

  create(req: NetworkCreateRequest): Promise<NetworkRecord> {
    return this.serial(async () => {
      const s = await this.load();
      const driver = req.driver || 'bridge';
      if (driver !== 'bridge' && driver !== 'macvlan') throw unknownDriver(driver);
      if ((PREDEFINED as readonly string[]).includes(req.name)) throw networkExists(req.name);
      checkNewNetworkName(s.networks, req.name);
      const ipam = Ipam.fromJSON(s.ipam);
      // The default bridge's subnet is reserved before any user network can take it.
      await this.defaultNetwork(s, ipam);
      const id = hex(this.kernel.random(32));
      const subnet = req.subnet ?? this.freeSubnet(ipam);
      const options = { ...(req.options ?? {}) };
      const common = { id, name: req.name, subnet, ...(req.gateway ? { gateway: req.gateway } : {}), options };
      const made = driver === 'macvlan'
        ? await createMacvlanNetwork(this.host, ipam, { ...common, parent: options['parent'] ?? '' })
        : await createBridgeNetwork(this.host, ipam, { ...common, bridge: options['com.docker.network.bridge.name'] || bridgeNameFor(id) });
      const record: NetworkRecord = { ...made, created: new Date(this.kernel.now()).toISOString(), labels: { ...(req.labels ?? {}) } };
      s.networks.push(record);
      await this.save(s, ipam);
      return record;
    });
  }

  /** Docker's choice when no --subnet is given: the next free /24 of a pool kept for user networks. */
  private freeSubnet(ipam: Ipam): string {
    const space = parseCidr(USER_NETWORK_SPACE)!;
    const taken = ipam.toJSON().pools.map((p) => parseCidr(p.subnet)!);
    for (let base = space.base; base < space.base + 2 ** (32 - space.prefix); base += 256) {
      const candidate = { base, prefix: 24 };
      if (!taken.some((t) => t.base <= base + 255 && base <= t.base + 2 ** (32 - t.prefix) - 1)) return formatCidr(candidate);
    }
    throw poolExhausted(USER_NETWORK_SPACE);
  }

  remove(ref: string): Promise<void> {
    return this.serial(async () => {
      const s = await this.load();
      const found = await this.find(s, ref);
      if (found.predefined) throw predefinedNetwork(found.record.name);
      const net = found.record;
      if (s.endpoints.some((e) => e.network === net.id)) throw networkInUse(net.name, net.id);
      const ipam = Ipam.fromJSON(s.ipam);
      if (net.driver === 'macvlan') removeMacvlanNetwork(ipam, net);
      else await removeBridgeNetwork(this.host, ipam, net);
      s.networks = s.networks.filter((n) => n.id !== net.id);
      await this.save(s, ipam);
    });
  }

  async prune(): Promise<string[]> {
    const unused = (await this.list()).filter((v) => !v.predefined && v.endpoints.length === 0);
    const gone: string[] = [];
    for (const v of unused) {
      await this.remove(v.record.id).then(() => gone.push(v.record.name), () => {});
    }
    return gone;
  }

  // ── ports ──────────────────────────────────────────────────────────
  /**
   * Rewrites the engine's nft table from the published ports of every
   * attached container (one transaction), or removes it when none are left.
   */
  private async syncNat(s: NetworkState): Promise<void> {
    const ports = new PortAllocator(s.ports);
    const dnat = s.endpoints.flatMap((ep) => ports.bindingsOf(ep.container).filter(() => this.primaryOf(s, ep.container) === ep).map((binding) => {
      const net = s.networks.find((n) => n.id === ep.network || n.name === ep.network);
      return { binding, containerIp: ep.address, ...(net?.bridge ? { bridge: net.bridge } : {}) };
    }));
    const where = hostWhere(this.host);
    if (dnat.length === 0) {
      await removeNatRules(this.kernel, this.natTable, where).catch(() => {});
      return;
    }
    const masquerade = s.networks.filter((n) => n.bridge).map((n) => ({ subnet: n.subnet, bridge: n.bridge! }));
    await applyNatRules(this.kernel, this.natTable, { dnat, masquerade }, where);
  }

  /** Published ports go to the container's first network, as Docker's go to the one it was created on. */
  private primaryOf(s: NetworkState, containerId: string): Endpoint | undefined {
    return s.endpoints.find((e) => e.container === containerId);
  }

  /** Host ports published to a container (for inspect, ps and `docker port`). */
  async portsOf(containerId: string): Promise<PortBinding[]> {
    return new PortAllocator((await this.load()).ports).bindingsOf(containerId);
  }

  private async startProxies(containerId: string, bindings: readonly PortBinding[], containerIp: string): Promise<void> {
    const started: ProxyHandle[] = this.proxies.get(containerId) ?? [];
    this.proxies.set(containerId, started);
    for (const b of bindings) {
      try {
        started.push(await this.proxy.start(b, containerIp));
      } catch (e) {
        // A kernel without sockets (the simulator, for now) still gets its DNAT rules, only no proxy.
        if (!(isKernelError(e) && e.errnoCode === 'ENOSYS')) throw e;
      }
    }
  }

  private async stopProxies(containerId: string): Promise<void> {
    for (const p of this.proxies.get(containerId) ?? []) await p.stop().catch(() => {});
    this.proxies.delete(containerId);
  }

  /** What the topology draws: every proxy the engine runs, by container. */
  proxyList(): { container: string; hostIp: string; hostPort: number; proto: string; target: string }[] {
    return [...this.proxies.entries()].flatMap(([container, list]) => list.map((p) => ({
      container, hostIp: p.binding.hostIp || '0.0.0.0', hostPort: p.binding.hostPort, proto: p.binding.proto, target: `${p.containerIp}:${p.binding.containerPort}`,
    })));
  }

  // ── containers ─────────────────────────────────────────────────────
  attach(containerId: string, mode: string, netnsPath: string, aliases: readonly string[] = [], publish: readonly PortMapping[] = []): Promise<NetworkAttachment | null> {
    return this.serial(async () => {
      const s = await this.load();
      const ipam = Ipam.fromJSON(s.ipam);
      const net = mode === 'bridge' || mode === 'default' ? await this.defaultNetwork(s, ipam) : (await this.find(s, mode)).stored;
      if (!net) throw networkNotFound(mode);
      const ports = new PortAllocator(s.ports);
      // Ports first: a clash ("port is already allocated") must leave no veth behind.
      const bound = ports.bindAll(containerId, publish);
      let ep: Endpoint;
      try {
        ep = await this.plug(ipam, net, containerId, netnsPath, aliases, true, 'eth0');
      } catch (e) {
        ports.releaseContainer(containerId);
        throw e;
      }
      s.endpoints.push(ep);
      s.ports = ports.toJSON();
      await this.save(s, ipam);
      try {
        if (bound.length) {
          await this.syncNat(s);
          await this.startProxies(containerId, bound, ep.address);
        }
        if (this.hasDns(net)) await this.startDns(containerId, netnsPath);
      } catch (e) {
        await this.detachNow(containerId);
        throw e;
      }
      return attachmentOf(net, ep, bound, this.hasDns(net));
    });
  }

  private hasDns(net: NetworkRecord): boolean {
    // Docker gives the default bridge no embedded DNS: its containers get the host's resolv.conf and --link.
    return net.name !== DEFAULT_BRIDGE.name;
  }

  private async plug(ipam: Ipam, net: NetworkRecord, containerId: string, netnsPath: string, aliases: readonly string[], defaultRoute: boolean, ifname: string): Promise<Endpoint> {
    const opts = { container: containerId, netnsPath, defaultRoute, ifname };
    const ep = net.driver === 'macvlan' ? await attachToMacvlan(this.host, ipam, net, opts) : await attachToBridge(this.host, ipam, net, opts);
    return aliases.length ? { ...ep, aliases: [...aliases] } : ep;
  }

  connect(containerId: string, ref: string, netnsPath: string, aliases: readonly string[] = []): Promise<NetworkAttachment> {
    return this.serial(async () => {
      const s = await this.load();
      const ipam = Ipam.fromJSON(s.ipam);
      const found = ref === 'bridge' ? { stored: await this.defaultNetwork(s, ipam), record: null } : await this.find(s, ref);
      const net = found.stored;
      if (!net) throw networkNotFound(ref);
      const mine = s.endpoints.filter((e) => e.container === containerId);
      if (mine.some((e) => e.network === net.id)) throw alreadyConnected(containerId.slice(0, 12), net.name);
      const ep = await this.plug(ipam, net, containerId, netnsPath, aliases, mine.length === 0, `eth${mine.length}`);
      s.endpoints.push(ep);
      await this.save(s, ipam);
      if (this.hasDns(net) && !this.dns.has(containerId)) await this.startDns(containerId, netnsPath).catch(() => {});
      return attachmentOf(net, ep, [], this.hasDns(net));
    });
  }

  disconnect(containerId: string, ref: string): Promise<void> {
    return this.serial(async () => {
      const s = await this.load();
      const net = (await this.find(s, ref)).stored;
      const ep = net ? s.endpoints.find((e) => e.container === containerId && e.network === net.id) : undefined;
      if (!net || !ep) throw notConnected(containerId.slice(0, 12), ref);
      const ipam = Ipam.fromJSON(s.ipam);
      await detachEndpoint(this.host, ipam, ep);
      s.endpoints = s.endpoints.filter((e) => e !== ep);
      await this.save(s, ipam);
    });
  }

  detach(containerId: string): Promise<void> {
    return this.serial(() => this.detachNow(containerId));
  }

  private async detachNow(containerId: string): Promise<void> {
    await this.stopProxies(containerId);
    await this.dns.get(containerId)?.stop().catch(() => {});
    this.dns.delete(containerId);
    const s = await this.load();
    const mine = s.endpoints.filter((e) => e.container === containerId);
    const ports = new PortAllocator(s.ports);
    const had = ports.bindingsOf(containerId);
    if (mine.length === 0 && had.length === 0) return;
    const ipam = Ipam.fromJSON(s.ipam);
    for (const ep of mine) await detachEndpoint(this.host, ipam, ep);
    ports.releaseContainer(containerId);
    s.ports = ports.toJSON();
    s.endpoints = s.endpoints.filter((e) => e.container !== containerId);
    await this.save(s, ipam);
    if (had.length) await this.syncNat(s);
  }

  resume(containerId: string, netnsPath: string): Promise<void> {
    return this.serial(async () => {
      const s = await this.load();
      const mine = s.endpoints.filter((e) => e.container === containerId);
      const primary = mine[0];
      if (!primary) return;
      const bound = new PortAllocator(s.ports).bindingsOf(containerId);
      if (!this.proxies.has(containerId) && bound.length) await this.startProxies(containerId, bound, primary.address).catch(() => {});
      const nets = mine.map((e) => s.networks.find((n) => n.id === e.network)).filter((n): n is NetworkRecord => !!n);
      if (!this.dns.has(containerId) && nets.some((n) => this.hasDns(n))) await this.startDns(containerId, netnsPath).catch(() => {});
    });
  }

  async endpointsOf(containerId: string): Promise<{ network: NetworkRecord; endpoint: Endpoint }[]> {
    const s = await this.load();
    return s.endpoints.filter((e) => e.container === containerId).flatMap((endpoint) => {
      const network = s.networks.find((n) => n.id === endpoint.network);
      return network ? [{ network, endpoint }] : [];
    });
  }

  // ── embedded DNS ───────────────────────────────────────────────────
  private async startDns(containerId: string, netnsPath: string): Promise<void> {
    const upstreams = this.defaults.dnsUpstreams ?? upstreamsFrom(await this.kernel.readText('/etc/resolv.conf').catch(() => ''));
    try {
      const server = await EmbeddedDns.start({
        kernel: this.kernel, netnsPath, upstreams, upstreamWhere: hostWhere(this.host),
        lookup: (name, rotate) => this.lookup(containerId, name, rotate),
        onAnswer: (answer) => this.logAnswer(containerId, answer),
      });
      this.dns.set(containerId, server);
    } catch (e) {
      // A kernel without sockets (ENOSYS) leaves the container without embedded DNS; the simulator has them, so it answers there too.
      if (!(isKernelError(e) && e.errnoCode === 'ENOSYS')) throw e;
    }
  }

  /**
   * The addresses `name` has for one asking container: containers (by name,
   * short or full id) and aliases on the user-defined networks it shares
   * with them. Several answers rotate by one on every query (round robin).
   */
  private lookup(asker: string, name: string, rotate: boolean): string[] | null {
    const s = this.state;
    if (!s) return null;
    const mine = new Set(s.endpoints.filter((e) => e.container === asker).map((e) => e.network));
    const dnsNets = new Set(s.networks.filter((n) => mine.has(n.id) && this.hasDns(n)).map((n) => n.id));
    const found = s.endpoints.filter((e) => dnsNets.has(e.network) && this.directory.matches(e.container, name, e.aliases ?? []));
    if (found.length === 0) return null;
    const addresses = [...new Set(found.map((e) => e.address))];
    return rotate ? this.directory.rotate(name, addresses) : addresses;
  }

  /** The answers the embedded DNS servers gave, oldest first (the lab's DNS observation). */
  dnsAnswers(): DnsAnswerRecord[] {
    return this.answers.list();
  }

  /** Each address is named after the container holding it on a network the asker shares, as it was when the answer went out. */
  private logAnswer(asker: string, answer: AnsweredQuery): void {
    const shared = new Set((this.state?.endpoints ?? []).filter((e) => e.container === asker).map((e) => e.network));
    const holder = (address: string): string | null => {
      const ep = this.state?.endpoints.find((e) => e.address === address && shared.has(e.network));
      return ep ? this.directory.name(ep.container) : null;
    };
    this.answers.record({
      t: this.kernel.now(), asker: { id: asker, name: this.directory.name(asker) }, name: answer.name, type: answer.type, source: answer.source,
      addresses: answer.addresses.map((address) => ({ address, container: holder(address) })),
    });
  }
}

function attachmentOf(net: NetworkRecord, ep: Endpoint, ports: readonly PortBinding[], embeddedDns: boolean): NetworkAttachment {
  return { network: net.name, ipAddress: ep.address, prefixLen: Number(ep.cidr.split('/')[1]), gateway: ep.gateway, macAddress: ep.mac, ports, embeddedDns };
}

