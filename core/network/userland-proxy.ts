import type { PortBinding } from './port-allocator.js';

/**
 * docker-proxy's job, not built yet: DNAT rules cannot serve the host's own
 * loopback (a packet to 127.0.0.1 never leaves the host, and the kernel will
 * not route 127/8 out of an interface), nor a container reaching its own
 * published port through the bridge (hairpin). A proxy listens on the host
 * port and copies each connection (or UDP datagram) to the container's
 * address. Binding it is also what discovers that some other program holds
 * the port: that failure becomes E_PORT_IN_USE.
 *
 * It needs sockets, which the Kernel interface does not offer yet; an
 * implementation will live behind the Kernel boundary (a `listen` call or a
 * helper process spawned through it).
 */
export interface UserlandProxy {
  /** Starts forwarding one binding; rejects with E_PORT_IN_USE when the host port is taken. */
  start(binding: PortBinding, containerIp: string): Promise<ProxyHandle>;
}

export interface ProxyHandle {
  readonly binding: PortBinding;
  readonly containerIp: string;
  /** The host process doing the forwarding, when it is a separate one (shown in the topology). */
  readonly pid: number | null;
  stop(): Promise<void>;
}
