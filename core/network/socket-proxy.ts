import type { Kernel } from '../kernel/kernel.js';
import type { NetNsRef, SocketAddress, TcpStream, UdpSocket } from '../kernel/types.js';
import { isKernelError } from '../kernel/kernel-error.js';
import { portInUseByOther } from './network-errors.js';
import type { PortBinding } from './port-allocator.js';
import type { ProxyHandle, UserlandProxy } from './userland-proxy.js';

/**
 * docker-proxy's job inside the engine process, on the Kernel's sockets:
 * a listener in the host's namespace on HostIp:HostPort, and for each
 * connection (or UDP peer) a socket to the container's address. The
 * engine's event loop copies the bytes, so there is no proxy process (pid null).
 */
export class SocketProxy implements UserlandProxy {
  constructor(private readonly kernel: Kernel, private readonly where: NetNsRef) {}

  async start(binding: PortBinding, containerIp: string): Promise<ProxyHandle> {
    const local = { address: binding.hostIp || '0.0.0.0', port: binding.hostPort };
    const target = { address: containerIp, port: binding.containerPort };
    try {
      const stop = binding.proto === 'udp' ? await this.udp(local, target) : await this.tcp(local, target);
      return { binding, containerIp, pid: null, stop };
    } catch (e) {
      if (isKernelError(e) && e.errnoCode === 'EADDRINUSE') throw portInUseByOther(binding.proto, local.address, local.port, e);
      throw e;
    }
  }

  private async tcp(local: SocketAddress, target: SocketAddress): Promise<() => Promise<void>> {
    const listener = await this.kernel.tcpListen(local, this.where);
    listener.onConnection((inbound) => {
      this.kernel.tcpConnect(target, this.where).then((outbound) => {
        pipe(inbound, outbound);
        pipe(outbound, inbound);
      }, () => inbound.destroy());
    });
    return () => listener.close();
  }

  private async udp(local: SocketAddress, target: SocketAddress): Promise<() => Promise<void>> {
    const front = await this.kernel.udpBind(local, this.where);
    // One socket towards the container per client address, so replies find their way back.
    const peers = new Map<string, Promise<UdpSocket>>();
    front.onMessage((data, from) => {
      const key = `${from.address}:${from.port}`;
      let peer = peers.get(key);
      if (!peer) {
        peer = this.kernel.udpBind({ address: '0.0.0.0', port: 0 }, this.where).then((s) => {
          s.onMessage((reply) => { void front.send(reply, from).catch(() => {}); });
          return s;
        });
        peers.set(key, peer);
      }
      void peer.then((s) => s.send(data, target)).catch(() => {});
    });
    return async () => {
      await front.close();
      for (const p of peers.values()) await (await p.catch(() => null))?.close();
    };
  }
}

function pipe(from: TcpStream, to: TcpStream): void {
  from.onData((d) => { void to.write(d).catch(() => from.destroy()); });
  from.onEnd(() => { void to.end(); });
}
