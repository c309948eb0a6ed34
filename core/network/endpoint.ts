import type { Ipam } from './ipam.js';
import { deleteLinkIfPresent, hostWhere, type Endpoint, type NetworkHost } from './network-record.js';

/**
 * Undoes an attachment and frees its address. Deleting one end of a veth
 * pair deletes both; a macvlan child is deleted inside the container. When
 * the container's namespace is already gone its links went with it, so
 * "not found" counts as done: teardown after a crash can run this blindly.
 */
export async function detachEndpoint(host: NetworkHost, ipam: Ipam, ep: Endpoint): Promise<void> {
  if (ep.driver === 'bridge' && ep.hostIfname) {
    await deleteLinkIfPresent(host.kernel, ep.hostIfname, hostWhere(host));
  } else if (ep.driver === 'macvlan') {
    await deleteLinkIfPresent(host.kernel, ep.ifname, { netns: ep.netnsPath });
  }
  ipam.release(ep.network, ep.address);
}
