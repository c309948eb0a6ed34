import dgram from 'node:dgram';
import net from 'node:net';
import { KernelError } from '../kernel-error.js';
import type { NetNsRef, SocketAddress, TcpListener, TcpStream, UdpSocket } from '../types.js';
import { closeFd } from './libc.js';
import { makeSocket } from './sockets-fd.js';

/** The Kernel's socket calls on Linux: descriptors made inside the namespace (sockets-fd.ts), served by Node. */
export async function udpBind(local: SocketAddress, where: NetNsRef = {}): Promise<UdpSocket> {
  const made = makeSocket('udp', where.netns, local);
  const sock = dgram.createSocket(made.family === 4 ? 'udp4' : 'udp6');
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind({ fd: made.fd }, () => { sock.off('error', reject); resolve(); });
  }).catch((e) => {
    closeFd(made.fd);
    throw new KernelError('udp bind', `${made.local.address}:${made.local.port}`, (e as NodeJS.ErrnoException).code ?? 'EIO', { cause: e });
  });
  // A late error (e.g. ICMP port unreachable on a connected peer) must not crash the engine.
  sock.on('error', () => {});
  let closed = false;
  return {
    local: made.local,
    onMessage(handler) {
      sock.on('message', (msg, rinfo) => handler(new Uint8Array(msg), { address: rinfo.address, port: rinfo.port }));
    },
    send(data, to) {
      return new Promise((resolve, reject) => {
        sock.send(data, to.port, to.address, (e) => (e ? reject(new KernelError('udp send', `${to.address}:${to.port}`, (e as NodeJS.ErrnoException).code ?? 'EIO', { cause: e })) : resolve()));
      });
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise((resolve) => sock.close(() => resolve()));
    },
  };
}

export async function tcpListen(local: SocketAddress, where: NetNsRef = {}): Promise<TcpListener> {
  const made = makeSocket('tcp', where.netns, local);
  const server = net.createServer({ pauseOnConnect: false });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ fd: made.fd }, () => { server.off('error', reject); resolve(); });
  }).catch((e) => {
    closeFd(made.fd);
    throw new KernelError('tcp listen', `${made.local.address}:${made.local.port}`, (e as NodeJS.ErrnoException).code ?? 'EIO', { cause: e });
  });
  server.on('error', () => {});
  const open = new Set<net.Socket>();
  let handler: ((s: TcpStream) => void) | null = null;
  server.on('connection', (s) => {
    open.add(s);
    s.once('close', () => open.delete(s));
    if (handler) handler(wrapStream(s));
    else s.destroy();
  });
  return {
    local: made.local,
    onConnection(h) { handler = h; },
    close() {
      // Closing a listener leaves its accepted connections alone in Node; a stopped proxy must end them too.
      for (const s of open) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export async function tcpConnect(remote: SocketAddress, where: NetNsRef = {}): Promise<TcpStream> {
  const family = remote.address.includes(':') ? 6 : 4;
  const made = makeSocket('tcp', where.netns, null, family);
  // Node adopts the descriptor and connect() uses it as it is: the socket stays in the namespace it was made in.
  let sock: net.Socket;
  try {
    sock = new net.Socket({ fd: made.fd, readable: true, writable: true });
  } catch (e) {
    closeFd(made.fd);
    throw e;
  }
  await new Promise<void>((resolve, reject) => {
    const fail = (e: Error): void => {
      sock.destroy();
      reject(new KernelError('tcp connect', `${remote.address}:${remote.port}${where.netns ? ` in ${where.netns}` : ''}`, (e as NodeJS.ErrnoException).code ?? 'EIO', { cause: e }));
    };
    sock.once('error', fail);
    sock.connect(remote.port, remote.address, () => { sock.off('error', fail); resolve(); });
  });
  return wrapStream(sock);
}

function wrapStream(s: net.Socket): TcpStream {
  s.on('error', () => {});
  let ended = false;
  const endHandlers: (() => void)[] = [];
  const fireEnd = (): void => {
    if (ended) return;
    ended = true;
    for (const h of endHandlers) h();
  };
  s.on('end', fireEnd);
  s.on('close', fireEnd);
  return {
    local: { address: s.localAddress ?? '', port: s.localPort ?? 0 },
    remote: { address: s.remoteAddress ?? '', port: s.remotePort ?? 0 },
    onData(h) { s.on('data', (d: Buffer) => h(new Uint8Array(d))); },
    onEnd(h) { endHandlers.push(h); if (ended) h(); },
    write(data) {
      return new Promise((resolve, reject) => {
        s.write(data, (e) => (e ? reject(new KernelError('tcp write', `${s.remoteAddress}:${s.remotePort}`, (e as NodeJS.ErrnoException).code ?? 'EPIPE', { cause: e })) : resolve()));
      });
    },
    end() {
      return new Promise((resolve) => { if (s.writableEnded || s.destroyed) resolve(); else s.end(() => resolve()); });
    },
    destroy() { s.destroy(); },
  };
}
