/** What the engine needs from networking: give a created container's namespace its interfaces, and take them back. */
export interface NetworkAttachment {
  readonly network: string;
  readonly ipAddress: string;
  readonly prefixLen: number;
  readonly gateway: string;
  readonly macAddress: string;
}

export interface NetworkService {
  /** Connects the net namespace at `netnsPath` (a created container's) to the network the mode names. */
  attach(containerId: string, mode: string, netnsPath: string, aliases: readonly string[]): Promise<NetworkAttachment | null>;
  detach(containerId: string): Promise<void>;
}

/** Modes that need nothing from a network driver. */
export const SELF_CONTAINED_MODES = new Set(['none', 'host']);
