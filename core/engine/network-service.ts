/** What the engine needs from networking: networks as Docker's API shows them, and containers plugged into them. */
import type { Endpoint, NetworkRecord } from '../network/network-record.js';
import type { PortBinding } from '../network/port-allocator.js';
import type { PortMapping } from '../network/port-spec.js';

export interface NetworkAttachment {
  readonly network: string;
  readonly ipAddress: string;
  readonly prefixLen: number;
  readonly gateway: string;
  readonly macAddress: string;
  /** Host ports published to this container (`-p`), with the ports chosen for `-p 80`. */
  readonly ports: readonly PortBinding[];
  /** The network has the embedded DNS server (user-defined networks): resolv.conf names 127.0.0.11. */
  readonly embeddedDns: boolean;
}

/** POST /networks/create, as the engine takes it. */
export interface NetworkCreateRequest {
  readonly name: string;
  readonly driver?: string;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly options?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A network as listed: the stored ones plus Docker's predefined `bridge`, `host` and `none`. */
export interface NetworkView {
  readonly record: NetworkRecord;
  readonly predefined: boolean;
  readonly endpoints: readonly Endpoint[];
}

export interface NetworkService {
  /** Connects the net namespace at `netnsPath` (a created container's) to the network the mode names, publishing `ports`. */
  attach(containerId: string, mode: string, netnsPath: string, aliases: readonly string[], ports?: readonly PortMapping[]): Promise<NetworkAttachment | null>;
  /** One more network for a container whose namespace exists (`network connect`, or the extra networks at start). */
  connect(containerId: string, network: string, netnsPath: string, aliases: readonly string[]): Promise<NetworkAttachment>;
  disconnect(containerId: string, network: string): Promise<void>;
  detach(containerId: string): Promise<void>;
  /** After an engine restart: the servers a running container had (embedded DNS, port proxies) come back. */
  resume(containerId: string, netnsPath: string): Promise<void>;
  create(req: NetworkCreateRequest): Promise<NetworkRecord>;
  list(): Promise<NetworkView[]>;
  get(ref: string): Promise<NetworkView>;
  remove(ref: string): Promise<void>;
  /** Removes user-defined networks no container is attached to; returns their names. */
  prune(): Promise<string[]>;
  /** Throws "network X not found" unless the mode names a known network (create checks it, as Docker does). */
  checkMode(mode: string): Promise<void>;
  endpointsOf(containerId: string): Promise<{ network: NetworkRecord; endpoint: Endpoint }[]>;
}

/** Modes that need nothing from a network driver. */
export const SELF_CONTAINED_MODES = new Set(['none', 'host']);
