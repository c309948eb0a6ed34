import type { Kernel } from '../kernel/kernel.js';
import type { Allocation } from './ipam.js';

/**
 * The steps every driver ends with, once its link sits inside the
 * container's namespace under a temporary name: the name the container
 * sees, its MAC, its address, up, loopback up, and the default route.
 */
export async function configureInside(
  kernel: Kernel,
  netnsPath: string,
  link: { tmpName: string; ifname: string; mac: string },
  alloc: Allocation,
  defaultRoute: boolean,
): Promise<void> {
  const inside = { netns: netnsPath };
  // Renamed and given its MAC while still down: a name change is refused on an up link.
  await kernel.linkSet(link.tmpName, { rename: link.ifname, mac: link.mac }, inside);
  await kernel.addrAdd(link.ifname, alloc.cidr, inside);
  await kernel.linkSet(link.ifname, { up: true }, inside);
  await kernel.linkSet('lo', { up: true }, inside);
  if (defaultRoute) await kernel.routeAdd({ dst: 'default', via: alloc.gateway, dev: link.ifname }, inside);
}

export interface AttachOptions {
  readonly container: string;
  readonly netnsPath: string;
  /** The name inside the container; the first network gives `eth0`, the next `eth1`… */
  readonly ifname?: string;
  /** A fixed address (`--ip`); otherwise the network's IPAM picks the next one. */
  readonly ip?: string;
  /** Only one network gives the container its default route. */
  readonly defaultRoute?: boolean;
}
