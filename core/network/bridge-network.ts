import { parseCidr } from './ipv4.js';
import type { Ipam } from './ipam.js';
import { macFromIPv4 } from './mac.js';
import { attachFailed, linkNameTaken, networkInUse } from './network-errors.js';
import { configureInside, type AttachOptions } from './container-interface.js';
import {
  deleteLinkIfPresent, hostWhere, linkSuffix, type Endpoint, type NetworkHost, type NetworkRecord,
} from './network-record.js';

/**
 * The default network. 10.87.0.0/16 keeps clear of docker0 (172.17.0.0/16),
 * of Docker's default pools for user networks (172.17–31.0.0/16,
 * 192.168.0.0/16) and of Podman's (10.88.0.0/16, 10.89.0.0/16), so dockbook
 * can run next to either.
 */
export const DEFAULT_BRIDGE = { name: 'bridge', bridge: 'dockbook0', subnet: '10.87.0.0/16' } as const;

/** Where user-defined networks created without `--subnet` get a /24 from. */
export const USER_NETWORK_SPACE = '10.86.0.0/16';

export interface BridgeNetworkRequest {
  readonly id: string;
  readonly name: string;
  readonly subnet: string;
  readonly gateway?: string;
  /** The Linux bridge's name; Docker's choice for user networks is `br-<first 12 of the id>`. */
  readonly bridge?: string;
  readonly options?: Readonly<Record<string, string>>;
}

export function bridgeNameFor(id: string): string {
  return `br-${id.slice(0, 12)}`;
}

/**
 * Reserves the subnet, then makes the bridge with the gateway address on it
 * and brings it up. A bridge that already exists (the engine restarted) is
 * reused. If any step fails, what this call made is undone.
 */
export async function createBridgeNetwork(host: NetworkHost, ipam: Ipam, req: BridgeNetworkRequest): Promise<NetworkRecord> {
  const { kernel } = host;
  const where = hostWhere(host);
  const pool = ipam.addPool(req.id, { subnet: req.subnet, gateway: req.gateway });
  const bridge = req.bridge ?? bridgeNameFor(req.id);
  const prefix = parseCidr(pool.subnet)!.prefix;
  const gatewayCidr = `${pool.gateway}/${prefix}`;
  let created = false;
  try {
    const existing = (await kernel.links(where)).find((l) => l.name === bridge);
    if (existing && existing.kind !== 'bridge') throw linkNameTaken(bridge);
    if (!existing) {
      await kernel.linkAdd({ kind: 'bridge', name: bridge }, where);
      created = true;
    }
    if (!existing?.addresses.includes(gatewayCidr)) await kernel.addrAdd(bridge, gatewayCidr, where);
    await kernel.linkSet(bridge, { up: true }, where);
  } catch (e) {
    if (created) await deleteLinkIfPresent(kernel, bridge, where).catch(() => {});
    ipam.removePool(req.id);
    throw e;
  }
  return { id: req.id, name: req.name, driver: 'bridge', subnet: pool.subnet, gateway: pool.gateway, bridge, options: req.options ?? {} };
}

/** Removes the bridge and frees the subnet; refused while containers are attached (as Docker does). */
export async function removeBridgeNetwork(host: NetworkHost, ipam: Ipam, network: NetworkRecord): Promise<void> {
  if (ipam.hasPool(network.id) && ipam.inUse(network.id).length > 0) throw networkInUse(network.name, network.id);
  if (network.bridge) await deleteLinkIfPresent(host.kernel, network.bridge, hostWhere(host));
  ipam.removePool(network.id);
}

/**
 * Plugs a container into a bridge network: a veth pair whose host end
 * (`veth…`) joins the bridge and whose other end goes into the container's
 * namespace as `eth0`, with an address from the IPAM, Docker's MAC for it,
 * and a default route via the bridge's address. On failure the host end is
 * deleted (its peer dies with it, wherever it is by then) and the address
 * released, so nothing is left half-made.
 */
export async function attachToBridge(host: NetworkHost, ipam: Ipam, network: NetworkRecord, opts: AttachOptions): Promise<Endpoint> {
  const { kernel } = host;
  const where = hostWhere(host);
  const bridge = network.bridge ?? bridgeNameFor(network.id);
  const ifname = opts.ifname ?? 'eth0';
  const alloc = ipam.allocate(network.id, opts.ip);
  const mac = macFromIPv4(alloc.address);
  const suffix = await linkSuffix(kernel, network.id, opts.container);
  const hostIfname = `veth${suffix}`;
  // The container end needs a name that is free on the host side until it moves.
  const tmpName = `vetc${suffix}`;
  let created = false;
  try {
    await kernel.linkAdd({ kind: 'veth', name: hostIfname, peer: tmpName }, where);
    created = true;
    await kernel.linkSet(hostIfname, { master: bridge, up: true }, where);
    await kernel.linkSet(tmpName, { netns: opts.netnsPath }, where);
    await configureInside(kernel, opts.netnsPath, { tmpName, ifname, mac }, alloc, opts.defaultRoute ?? true);
  } catch (e) {
    if (created) await deleteLinkIfPresent(kernel, hostIfname, where).catch(() => {});
    ipam.release(network.id, alloc.address);
    throw attachFailed(opts.container, network.name, e);
  }
  return {
    network: network.id, driver: 'bridge', container: opts.container, netnsPath: opts.netnsPath,
    ifname, hostIfname, address: alloc.address, cidr: alloc.cidr, gateway: alloc.gateway, mac,
  };
}
