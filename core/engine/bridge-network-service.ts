import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import { attachToBridge, createBridgeNetwork, DEFAULT_BRIDGE } from '../network/bridge-network.js';
import { detachEndpoint } from '../network/endpoint.js';
import { Ipam } from '../network/ipam.js';
import type { Endpoint, NetworkHost, NetworkRecord } from '../network/network-record.js';
import type { NetworkAttachment, NetworkService } from './network-service.js';

interface NetworkState {
  ipam: ReturnType<Ipam['toJSON']>;
  networks: NetworkRecord[];
  endpoints: Endpoint[];
}

export interface BridgeDefaults {
  /** The Linux bridge of the default network (`dockbook0`). */
  readonly bridge: string;
  readonly subnet: string;
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

  async attach(containerId: string, mode: string, netnsPath: string): Promise<NetworkAttachment | null> {
    if (mode !== 'bridge') {
      throw new DockbookError('E_NETWORK_NOT_FOUND', `network ${mode} not found`, { hint: 'user-defined networks are not wired into the engine yet; use bridge, host, none or container:NAME' });
    }
    const s = await this.load();
    const ipam = Ipam.fromJSON(s.ipam);
    const net = await this.defaultNetwork(s, ipam);
    const ep = await attachToBridge(this.host, ipam, net, { container: containerId, netnsPath, defaultRoute: true });
    s.endpoints.push(ep);
    await this.save(s, ipam);
    return { network: net.name, ipAddress: ep.address, prefixLen: Number(ep.cidr.split('/')[1]), gateway: ep.gateway, macAddress: ep.mac };
  }

  async detach(containerId: string): Promise<void> {
    const s = await this.load();
    const mine = s.endpoints.filter((e) => e.container === containerId);
    if (mine.length === 0) return;
    const ipam = Ipam.fromJSON(s.ipam);
    for (const ep of mine) await detachEndpoint(this.host, ipam, ep);
    s.endpoints = s.endpoints.filter((e) => e.container !== containerId);
    await this.save(s, ipam);
  }
}
