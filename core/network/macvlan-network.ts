import type { Ipam } from './ipam.js';
import { macFromIPv4 } from './mac.js';
import { attachFailed, parentNotFound } from './network-errors.js';
import { configureInside, type AttachOptions } from './container-interface.js';
import { hostWhere, linkSuffix, type Endpoint, type NetworkHost, type NetworkRecord } from './network-record.js';

export interface MacvlanNetworkRequest {
  readonly id: string;
  readonly name: string;
  /** `-o parent=IF`: the host interface whose wire the containers appear on. */
  readonly parent: string;
  readonly subnet: string;
  readonly gateway?: string;
  readonly options?: Readonly<Record<string, string>>;
}

/**
 * A macvlan network has no bridge: each container gets a child of the parent
 * interface with a MAC of its own, so it shows up on the parent's wire as
 * one more machine. The subnet is the wire's, and the gateway its router's.
 * The host itself cannot reach its macvlan containers through the parent:
 * the kernel does not pass frames between a parent and its macvlan children.
 */
export async function createMacvlanNetwork(host: NetworkHost, ipam: Ipam, req: MacvlanNetworkRequest): Promise<NetworkRecord> {
  const links = await host.kernel.links(hostWhere(host));
  if (!links.some((l) => l.name === req.parent)) throw parentNotFound(req.parent);
  const pool = ipam.addPool(req.id, { subnet: req.subnet, gateway: req.gateway });
  return {
    id: req.id, name: req.name, driver: 'macvlan', subnet: pool.subnet, gateway: pool.gateway, parent: req.parent,
    options: { parent: req.parent, ...(req.options ?? {}) },
  };
}

export function removeMacvlanNetwork(ipam: Ipam, network: NetworkRecord): void {
  // Nothing on the host to remove: the children went with their containers.
  ipam.removePool(network.id);
}

/**
 * Makes a macvlan child of the parent (mode bridge, so containers on the same
 * parent reach each other), moves it into the container's namespace and
 * configures it as `eth0`. On failure the child is deleted from wherever it
 * got to and the address released.
 */
export async function attachToMacvlan(host: NetworkHost, ipam: Ipam, network: NetworkRecord, opts: AttachOptions): Promise<Endpoint> {
  const { kernel } = host;
  const where = hostWhere(host);
  const parent = network.parent ?? network.options.parent;
  if (!parent) throw parentNotFound('(none given)');
  const ifname = opts.ifname ?? 'eth0';
  const alloc = ipam.allocate(network.id, opts.ip);
  const mac = macFromIPv4(alloc.address);
  const tmpName = `mv${await linkSuffix(kernel, network.id, opts.container)}`;
  let at: 'nowhere' | 'host' | 'container' = 'nowhere';
  try {
    await kernel.linkAdd({ kind: 'macvlan', name: tmpName, parent, mode: 'bridge' }, where);
    at = 'host';
    await kernel.linkSet(tmpName, { netns: opts.netnsPath }, where);
    at = 'container';
    await configureInside(kernel, opts.netnsPath, { tmpName, ifname, mac }, alloc, opts.defaultRoute ?? true);
  } catch (e) {
    await undo(host, at, tmpName, ifname, opts.netnsPath);
    ipam.release(network.id, alloc.address);
    throw attachFailed(opts.container, network.name, e);
  }
  return {
    network: network.id, driver: 'macvlan', container: opts.container, netnsPath: opts.netnsPath,
    ifname, address: alloc.address, cidr: alloc.cidr, gateway: alloc.gateway, mac,
  };
}

async function undo(host: NetworkHost, at: 'nowhere' | 'host' | 'container', tmpName: string, ifname: string, netnsPath: string): Promise<void> {
  const { kernel } = host;
  if (at === 'host') await kernel.linkDelete(tmpName, hostWhere(host)).catch(() => {});
  if (at !== 'container') return;
  // While the temporary name is still there the rename failed, and an `eth0`
  // inside may be someone else's: only ours is deleted.
  const inside = await kernel.links({ netns: netnsPath }).catch(() => []);
  const ours = inside.some((l) => l.name === tmpName) ? tmpName : ifname;
  await kernel.linkDelete(ours, { netns: netnsPath }).catch(() => {});
}
