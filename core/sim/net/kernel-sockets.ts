import { KernelError } from '../../kernel/kernel-error.js';
import type { SocketAddress, TcpListener, TcpStream, UdpSocket } from '../../kernel/types.js';
import { NetError } from './net-error.js';
import type { NetStack } from './net-stack.js';
import { tcpConnect, tcpListen, type TcpConnection } from './tcp.js';
import { udpBind } from './udp.js';
import type { NetWorld } from './world.js';

/** A socket failure as the Kernel reports it: the call, the address (and namespace), the errno. */
function kernelError(call: string, addr: SocketAddress, where: string | undefined, e: unknown): KernelError {
  const errno = e instanceof NetError ? e.errno : 'EIO';
  return new KernelError(call, `${addr.address}:${addr.port}${where ? ` in ${where}` : ''}`, errno, e instanceof NetError ? { hint: e.message } : {});
}

export function kernelUdpBind(world: NetWorld, stack: NetStack, local: SocketAddress, where?: string): UdpSocket {
  let sock;
  try {
    sock = udpBind(world, stack, local);
  } catch (e) {
    throw kernelError('udp bind', local, where, e);
  }
  const s = sock;
  const handlers: Array<(data: Uint8Array, from: SocketAddress) => void> = [];
  let pumping = false;
  return {
    local: { address: s.address, port: s.port },
    onMessage(handler) {
      handlers.push(handler);
      if (pumping) return;
      pumping = true;
      void (async () => {
        for (let d = await s.inbox.next(); d; d = await s.inbox.next()) {
          if (!d.refused) for (const h of handlers) h(d.data, d.from);
        }
      })();
    },
    async send(data, to) {
      try {
        s.send(data, to);
      } catch (e) {
        throw kernelError('udp send', to, where, e);
      }
    },
    async close() { s.close(); },
  };
}

export function kernelTcpListen(world: NetWorld, stack: NetStack, local: SocketAddress, where?: string): TcpListener {
  let sock;
  try {
    sock = tcpListen(world, stack, local);
  } catch (e) {
    throw kernelError('tcp listen', local, where, e);
  }
  const l = sock;
  const handlers: Array<(s: TcpStream) => void> = [];
  let pumping = false;
  return {
    local: { address: l.address, port: l.port },
    onConnection(handler) {
      handlers.push(handler);
      if (pumping) return;
      pumping = true;
      void (async () => {
        for (let c = await l.accept(); c; c = await l.accept()) {
          const stream = streamOf(c);
          for (const h of handlers) h(stream);
        }
      })();
    },
    async close() { l.close(); },
  };
}

export async function kernelTcpConnect(world: NetWorld, stack: NetStack, remote: SocketAddress, where?: string): Promise<TcpStream> {
  try {
    return streamOf(await tcpConnect(world, stack, remote));
  } catch (e) {
    throw kernelError('tcp connect', remote, where, e);
  }
}

/**
 * A connection as a TcpStream. Bytes that arrive before anyone listens
 * are kept for the first data handler, so nothing is lost between
 * connect() resolving and onData() being called.
 */
function streamOf(c: TcpConnection): TcpStream {
  const dataHandlers: Array<(d: Uint8Array) => void> = [];
  const endHandlers: Array<() => void> = [];
  let started = false;
  const start = (): void => {
    if (started) return;
    started = true;
    void (async () => {
      // Handlers set in the same tick as the first one all get the first chunk.
      await Promise.resolve();
      for (let d = await c.inbox.next(); d; d = await c.inbox.next()) for (const h of dataHandlers) h(d);
      for (const h of endHandlers) h();
    })();
  };
  return {
    local: { ...c.local },
    remote: { ...c.remote },
    onData(h) { dataHandlers.push(h); start(); },
    onEnd(h) { endHandlers.push(h); start(); },
    async write(data) {
      try {
        c.write(data);
      } catch (e) {
        throw kernelError('tcp write', c.remote, undefined, e);
      }
    },
    async end() { c.end(); },
    destroy() { c.destroy(); },
  };
}
