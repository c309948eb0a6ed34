import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import { attachToBridge, createBridgeNetwork, DEFAULT_BRIDGE } from '../network/bridge-network.js';
import { detachEndpoint } from '../network/endpoint.js';
import { Ipam } from '../network/ipam.js';
import { hostWhere, type Endpoint, type NetworkHost, type NetworkRecord } from '../network/network-record.js';
import { PortAllocator, type PortAllocatorState, type PortBinding } from '../network/port-allocator.js';
import type { PortMapping } from '../network/port-spec.js';
import { applyNatRules, removeNatRules } from '../network/port-rules.js';
import type { NetworkAttachment, NetworkService } from './network-service.js';

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
}

/**
 * The default bridge network for containers, kept in `<root>/network/state.json`
 * so that addresses and veths can be released after an engine restart.
 */
export class BridgeNetworkService implements NetworkService {
  private state: NetworkState | null = null;

  constructor(
    private readonly kernel: Kernel,
    private readonly root: string,
    private readonly host: NetworkHost,
    private readonly defaults: BridgeDefaults = { bridge: DEFAULT_BRIDGE.bridge, subnet: DEFAULT_BRIDGE.subnet },
  ) {}

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

  /**
   * Rewrites the engine's nft table from the published ports of every
   * attached container (one transaction), or removes it when none are left.
   */
  private async syncNat(s: NetworkState): Promise<void> {
    const ports = new PortAllocator(s.ports);
    const dnat = s.endpoints.flatMap((ep) => ports.bindingsOf(ep.container).map((binding) => {
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

  /** Host ports published to a container (for inspect, ps and `docker port`). */
  async portsOf(containerId: string): Promise<PortBinding[]> {
    return new PortAllocator((await this.load()).ports).bindingsOf(containerId);
  }

  async attach(containerId: string, mode: string, netnsPath: string, _aliases: readonly string[] = [], publish: readonly PortMapping[] = []): Promise<NetworkAttachment | null> {
    if (mode !== 'bridge') {
      throw new DockbookError('E_NETWORK_NOT_FOUND', `network ${mode} not found`, { hint: 'user-defined networks are not wired into the engine yet; use bridge, host, none or container:NAME' });
    }
    const s = await this.load();
    const ipam = Ipam.fromJSON(s.ipam);
    const net = await this.defaultNetwork(s, ipam);
    const ports = new PortAllocator(s.ports);
    // Ports first: a clash ("port is already allocated") must leave no veth behind.
    const bound = ports.bindAll(containerId, publish);
    let ep: Endpoint;
    try {
      ep = await attachToBridge(this.host, ipam, net, { container: containerId, netnsPath, defaultRoute: true });
    } catch (e) {
      ports.releaseContainer(containerId);
      throw e;
    }
    s.endpoints.push(ep);
    s.ports = ports.toJSON();
    await this.save(s, ipam);
    if (bound.length) {
      try {
        await this.syncNat(s);
      } catch (e) {
        await this.detach(containerId);
        throw e;
      }
    }
    return { network: net.name, ipAddress: ep.address, prefixLen: Number(ep.cidr.split('/')[1]), gateway: ep.gateway, macAddress: ep.mac, ports: bound };
  }

  async detach(containerId: string): Promise<void> {
    const s = await this.load();
    const mine = s.endpoints.filter((e) => e.container === containerId);
    if (mine.length === 0) return;
    const ipam = Ipam.fromJSON(s.ipam);
    for (const ep of mine) await detachEndpoint(this.host, ipam, ep);
    const ports = new PortAllocator(s.ports);
    const had = ports.bindingsOf(containerId);
    ports.releaseContainer(containerId);
    s.ports = ports.toJSON();
    s.endpoints = s.endpoints.filter((e) => e.container !== containerId);
    await this.save(s, ipam);
    if (had.length) await this.syncNat(s);
  }
}
