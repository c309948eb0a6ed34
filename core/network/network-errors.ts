import { DockbookError } from '../errors.js';

/**
 * Errors of the network layer. Messages follow Docker's wording where Docker
 * has one, so a learner can compare the two side by side; the codes are what
 * tests and the UI key on.
 */

export function networkNotFound(ref: string): DockbookError {
  return new DockbookError('E_NETWORK_NOT_FOUND', `network ${ref} not found`, { hint: "see 'dockbook network ls'" });
}

export function networkExists(name: string): DockbookError {
  return new DockbookError('E_NETWORK_EXISTS', `network with name ${name} already exists`, { hint: 'pick another name, or remove the old network first' });
}

export function networkInUse(name: string, id: string): DockbookError {
  return new DockbookError('E_NETWORK_IN_USE', `error while removing network: network ${name} id ${id} has active endpoints`, {
    hint: 'disconnect or remove the containers attached to it first',
  });
}

export function subnetOverlap(subnet: string, other: string): DockbookError {
  return new DockbookError('E_SUBNET_OVERLAP', 'Pool overlaps with other one on this address space', {
    hint: `${subnet} overlaps ${other}: choose another --subnet`,
  });
}

export function invalidSubnet(subnet: string): DockbookError {
  return new DockbookError('E_INVALID_SUBNET', `invalid subnet ${subnet}: expected an IPv4 CIDR such as 10.87.0.0/16`, {
    hint: 'the address must be the network address (host bits zero) and the prefix at most /30',
  });
}

export function invalidGateway(gateway: string, subnet: string): DockbookError {
  return new DockbookError('E_INVALID_GATEWAY', `no matching subnet for gateway ${gateway}`, {
    hint: `the gateway must be a usable address inside ${subnet}`,
  });
}

export function invalidAddress(address: string, subnet: string): DockbookError {
  return new DockbookError('E_INVALID_ADDRESS', `no matching subnet for address ${address}`, { hint: `pick a usable address inside ${subnet}` });
}

export function addressInUse(address: string): DockbookError {
  return new DockbookError('E_ADDRESS_IN_USE', `Address already in use: ${address}`, { hint: 'pick another --ip, or let the network choose one' });
}

export function poolExhausted(network: string): DockbookError {
  return new DockbookError('E_POOL_EXHAUSTED', `no available IPv4 addresses on this network's address pools: ${network}`, {
    hint: 'remove containers from it, or create a network with a larger --subnet',
  });
}

export function invalidPortSpec(message: string): DockbookError {
  return new DockbookError('E_INVALID_PORT_SPEC', message, { hint: 'use -p [IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp], e.g. -p 8080:80' });
}

export function portInUse(hostIp: string, port: number): DockbookError {
  return new DockbookError('E_PORT_IN_USE', `Bind for ${hostIp}:${port} failed: port is already allocated`, {
    hint: 'another container publishes it: pick another host port, or -p CONTAINER_PORT for a random one',
  });
}

export function portsExhausted(proto: string): DockbookError {
  return new DockbookError('E_PORT_IN_USE', `no free ${proto} host port left to publish on`, { hint: 'unpublish ports of other containers' });
}

export function linkNameTaken(name: string): DockbookError {
  return new DockbookError('E_EXISTS', `a link named ${name} exists and is not a bridge`, { hint: 'choose another bridge name (-o com.docker.network.bridge.name)' });
}

export function invalidNetworkMode(mode: string): DockbookError {
  return new DockbookError('E_INVALID_NETWORK_MODE', `invalid network mode: ${mode}`, {
    hint: 'use bridge, host, none, container:<name|id> or the name of a network',
  });
}

export function parentNotFound(parent: string): DockbookError {
  return new DockbookError('E_PARENT_NOT_FOUND', `-o parent interface was not found on the host: ${parent}`, {
    hint: "name an existing host interface, e.g. -o parent=eth0 (see 'ip link')",
  });
}

export function attachFailed(container: string, network: string, cause: unknown): DockbookError {
  const why = cause instanceof Error ? cause.message : String(cause);
  const inner = cause instanceof DockbookError && cause.hint ? `${cause.hint}; ` : '';
  return new DockbookError('E_NETWORK_ATTACH', `failed to attach ${container} to network ${network}: ${why}`, {
    hint: `${inner}nothing was left half-made`,
    cause,
  });
}

export function nftFailed(action: string, stderr: string): DockbookError {
  const line = stderr.trim().split('\n').find((l) => l.startsWith('Error')) ?? stderr.trim().split('\n')[0] ?? '';
  return new DockbookError('E_NFT', `nft ${action} failed: ${line || 'exit status not 0'}`, {
    hint: 'is nftables installed (/usr/sbin/nft) and are we root?',
  });
}

/** The host port is held by a program outside the engine: binding the proxy is how Docker finds out. */
export function portInUseByOther(proto: string, hostIp: string, port: number, cause: unknown): DockbookError {
  return new DockbookError('E_PORT_IN_USE', `driver failed programming external connectivity: Error starting userland proxy: listen ${proto}4 ${hostIp}:${port}: bind: address already in use`, {
    hint: 'another program on the host holds this port: stop it, or publish on another host port',
    cause,
  });
}

export function predefinedNetwork(name: string): DockbookError {
  return new DockbookError('E_NETWORK_PREDEFINED', `${name} is a pre-defined network and cannot be removed`, { hint: 'only networks made with `network create` can be removed' });
}

export function unknownDriver(driver: string): DockbookError {
  return new DockbookError('E_NETWORK_DRIVER', `plugin "${driver}" not found`, { hint: 'the drivers are bridge and macvlan' });
}

export function alreadyConnected(container: string, network: string): DockbookError {
  return new DockbookError('E_NETWORK_CONNECTED', `endpoint with name ${container} already exists in network ${network}`, { hint: 'the container is connected to that network already' });
}

export function notConnected(container: string, network: string): DockbookError {
  return new DockbookError('E_NETWORK_NOT_CONNECTED', `container ${container} is not connected to network ${network}`, { hint: "see the container's NetworkSettings.Networks in inspect" });
}
