import type { Kernel } from '../kernel/kernel.js';
import { isKernelError } from '../kernel/kernel-error.js';
import type { NetNsRef } from '../kernel/types.js';
import { DockbookError } from '../errors.js';
import { networkExists, networkNotFound } from './network-errors.js';

/** A network as the engine stores it (plain JSON, next to the IPAM state). */
export interface NetworkRecord {
  readonly id: string;
  readonly name: string;
  readonly driver: 'bridge' | 'macvlan';
  readonly subnet: string;
  readonly gateway: string;
  /** bridge driver: the Linux bridge behind the network. */
  readonly bridge?: string;
  /** macvlan driver: the host interface the children hang off. */
  readonly parent?: string;
  readonly options: Readonly<Record<string, string>>;
  /** When `network create` made it (RFC 3339), and its labels: shown by inspect and ls. */
  readonly created?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** One container's attachment to one network: enough to undo it later, even after a restart. */
export interface Endpoint {
  readonly network: string;
  readonly driver: NetworkRecord['driver'];
  readonly container: string;
  /** The container's net namespace file (`/proc/PID/ns/net`, `/run/netns/x`). */
  readonly netnsPath: string;
  /** Name inside the container (`eth0`). */
  readonly ifname: string;
  /** bridge: the host end of the veth pair (`veth…`). */
  readonly hostIfname?: string;
  readonly address: string;
  readonly cidr: string;
  readonly gateway: string;
  readonly mac: string;
  /** `--network-alias`: more names the embedded DNS answers with this endpoint's address. */
  readonly aliases?: readonly string[];
}

/**
 * Where "the host" side of the networking lives. Absent `netns` means the
 * engine's own namespace; tests and sandboxed labs pass a namespace of their
 * own so that bridges and veths never touch the real host's links.
 */
export interface NetworkHost {
  readonly kernel: Kernel;
  readonly netns?: string;
}

export function hostWhere(host: NetworkHost): NetNsRef {
  return host.netns ? { netns: host.netns } : {};
}

/** By exact name, exact id, or unique id prefix: how Docker resolves `--network X`. */
export function findNetwork(networks: readonly NetworkRecord[], ref: string): NetworkRecord {
  const byName = networks.find((n) => n.name === ref);
  if (byName) return byName;
  const byId = networks.find((n) => n.id === ref);
  if (byId) return byId;
  const byPrefix = ref.length > 0 ? networks.filter((n) => n.id.startsWith(ref)) : [];
  if (byPrefix.length === 1 && byPrefix[0]) return byPrefix[0];
  throw networkNotFound(ref);
}

/** A short, stable interface name suffix for one container on one network. */
export async function linkSuffix(kernel: Kernel, network: string, container: string): Promise<string> {
  return (await kernel.sha256(`${network}/${container}`)).slice(0, 7);
}

/** True when a delete failed only because the thing is already gone (its namespace died with the container). */
export function isGone(e: unknown): boolean {
  return isKernelError(e) && (e.errnoCode === 'ENODEV' || e.errnoCode === 'ENOENT');
}

export async function deleteLinkIfPresent(kernel: Kernel, name: string, where: NetNsRef): Promise<void> {
  try {
    await kernel.linkDelete(name, where);
  } catch (e) {
    if (!isGone(e)) throw e;
  }
}

/** Names are unique per engine, as in Docker. */
export function checkNewNetworkName(networks: readonly NetworkRecord[], name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw new DockbookError('E_INVALID_ARGUMENT', `invalid network name "${name}"`, { hint: 'use letters, digits and _ . -, starting with a letter or digit' });
  }
  if (networks.some((n) => n.name === name)) throw networkExists(name);
}
