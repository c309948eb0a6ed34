import { KernelError } from '../kernel-error.js';
import { ffi, libcBindings } from './koffi-lazy.js';
import type { SocketAddress } from '../types.js';
import { O, closeFd, openFd } from './libc.js';
import { withNamespaces } from './ns-switch.js';

/**
 * A socket belongs to the network namespace its socket() call ran in, not
 * to the thread that later uses it. So the descriptor is made here, with the
 * main thread switched into the target namespace for the few synchronous
 * calls (socket, setsockopt, bind, listen), and then handed to Node
 * (net.Server.listen({fd}), new net.Socket({fd}), dgram bind({fd})), whose
 * event loop serves it from the host namespace like any other socket.
 *
 * Why not Node's own bind: dgram and net resolve the address asynchronously
 * first, so the socket() call would run long after the synchronous
 * namespace switch has been undone. Why not a worker thread that setns()es
 * into the namespace and owns the sockets there: every datagram and every
 * chunk of a proxied stream would then cross a thread boundary by message
 * passing, and each namespace would cost a thread with a V8 isolate of its
 * own. Measured here (bench/network-attach.bench.ts, median of 50): binding
 * and closing a UDP socket inside a namespace this way takes 0.14 ms, and an
 * embedded-DNS query round trip inside the namespace 0.25 ms.
 */
const fns = libcBindings((libc) => ({
  socket: libc.func('int socket(int domain, int type, int protocol)'),
  bind: libc.func('int bind(int fd, const uint8_t *addr, uint32_t len)'),
  listen: libc.func('int listen(int fd, int backlog)'),
  setsockopt: libc.func('int setsockopt(int fd, int level, int name, const int *value, uint32_t len)'),
  getsockname: libc.func('int getsockname(int fd, _Out_ uint8_t *addr, _Inout_ uint32_t *len)'),
}));

const AF_INET = 2;
const AF_INET6 = 10;
const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const SOL_SOCKET = 1;
const SO_REUSEADDR = 2;
const IPPROTO_IPV6 = 41;
const IPV6_V6ONLY = 26;

export type SocketKind = 'tcp' | 'udp';

/** sockaddr_in / sockaddr_in6 as the kernel reads them (family in host order, port in network order). */
function sockaddr(addr: SocketAddress): Uint8Array {
  const host = addr.address === '' ? '0.0.0.0' : addr.address;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!Number.isInteger(addr.port) || addr.port < 0 || addr.port > 65535) throw new KernelError('bind', `${host}:${addr.port}`, 'EINVAL');
  if (v4) {
    const buf = Buffer.alloc(16);
    buf.writeUInt16LE(AF_INET, 0);
    buf.writeUInt16BE(addr.port, 2);
    for (let i = 0; i < 4; i++) {
      const octet = Number(v4[i + 1]);
      if (octet > 255) throw new KernelError('bind', `${host}:${addr.port}`, 'EINVAL');
      buf[4 + i] = octet;
    }
    return buf;
  }
  const bytes = ipv6Bytes(host);
  if (!bytes) throw new KernelError('bind', `${host}:${addr.port}`, 'EINVAL', { hint: 'an IPv4 or IPv6 address is needed, not a host name' });
  const buf = Buffer.alloc(28);
  buf.writeUInt16LE(AF_INET6, 0);
  buf.writeUInt16BE(addr.port, 2);
  buf.set(bytes, 8);
  return buf;
}

function ipv6Bytes(text: string): Uint8Array | null {
  if (!/^[0-9a-fA-F:]+$/.test(text) || !text.includes(':')) return null;
  const [head, tail, extra] = text.split('::');
  if (extra !== undefined) return null;
  const groups = (s: string | undefined): string[] => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const all = [...h, ...Array<string>(Math.max(fill, 0)).fill('0'), ...t];
  if (all.length !== 8 || all.some((g) => g.length === 0 || g.length > 4)) return null;
  const out = new Uint8Array(16);
  all.forEach((g, i) => { const n = parseInt(g, 16); out[i * 2] = n >> 8; out[i * 2 + 1] = n & 0xff; });
  return out;
}

function check(rc: number, call: string, subject: string, fd?: number): void {
  if (rc >= 0) return;
  const errno = ffi().errno();
  if (fd !== undefined) closeFd(fd);
  throw new KernelError(call, subject, errno, errno === 98 ? { code: 'E_PORT_IN_USE', hint: 'another program holds this address and port' } : {});
}

/** The port the kernel chose (for port 0). */
function boundPort(fd: number): number {
  const buf = Buffer.alloc(28);
  const len = [28];
  check(fns().getsockname(fd, buf, len) as number, 'getsockname', String(fd));
  return buf.readUInt16BE(2);
}

export interface MadeSocket {
  readonly fd: number;
  readonly local: SocketAddress;
  readonly family: 4 | 6;
}

/**
 * A socket created in `netns` (the caller's when absent); for `bind`, bound
 * (and listening, for TCP). Non-blocking and close-on-exec, ready for Node.
 */
export function makeSocket(kind: SocketKind, netns: string | undefined, bindTo: SocketAddress | null, family: 4 | 6 = 4): MadeSocket {
  const subject = bindTo ? `${bindTo.address || '0.0.0.0'}:${bindTo.port}${netns ? ` in ${netns}` : ''}` : `${kind}${netns ? ` in ${netns}` : ''}`;
  const addr = bindTo ? sockaddr(bindTo) : null;
  const fam = addr ? (addr.length === 16 ? 4 : 6) : family;
  const build = (): number => {
    const fd = fns().socket(fam === 4 ? AF_INET : AF_INET6, (kind === 'tcp' ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0) as number;
    check(fd, 'socket', subject);
    if (!addr) return fd;
    // As Node and docker-proxy do: a listener may rebind a port whose old connections sit in TIME_WAIT.
    if (kind === 'tcp') check(fns().setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, [1], 4) as number, 'setsockopt', subject, fd);
    if (fam === 6) check(fns().setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, [1], 4) as number, 'setsockopt', subject, fd);
    check(fns().bind(fd, addr, addr.length) as number, kind === 'tcp' ? 'tcp bind' : 'udp bind', subject, fd);
    if (kind === 'tcp') check(fns().listen(fd, 511) as number, 'listen', subject, fd);
    return fd;
  };
  const fd = netns ? inNetns(netns, build) : build();
  return { fd, local: { address: bindTo?.address || (fam === 4 ? '0.0.0.0' : '::'), port: addr ? boundPort(fd) : 0 }, family: fam };
}

function inNetns<T>(netns: string, fn: () => T): T {
  // Opening the file first gives a clear ENOENT naming it instead of a setns failure.
  closeFd(openFd(netns, O.RDONLY | O.CLOEXEC));
  return withNamespaces({ set: { join: { net: netns } } }, fn);
}
