/** What the engine needs from networking: give a created container's namespace its interfaces, and take them back. */
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
}

export interface NetworkService {
  /** Connects the net namespace at `netnsPath` (a created container's) to the network the mode names, publishing `ports`. */
  attach(containerId: string, mode: string, netnsPath: string, aliases: readonly string[], ports?: readonly PortMapping[]): Promise<NetworkAttachment | null>;
  detach(containerId: string): Promise<void>;
}

/** Modes that need nothing from a network driver. */
export const SELF_CONTAINED_MODES = new Set(['none', 'host']);
