import { KernelError } from '../kernel-error.js';
import { ffi, libcBindings } from './koffi-lazy.js';
import type { NetNsRef } from '../types.js';
import { type Attr, type Message, NLM_F, NLMSG, decodeError, decodeMessages, encodeMessage } from './netlink-message.js';
import { withNamespaces } from './ns-switch.js';

/**
 * A NETLINK_ROUTE socket used synchronously from the main thread. rtnetlink
 * handles a request inside sendmsg and builds a dump inside recvmsg, so a
 * blocking recv never waits on anything but the kernel itself (a receive
 * timeout guards against a lost reply). A socket belongs to the net
 * namespace it was opened in: to act inside another one, the thread moves
 * there just long enough to open it.
 */
const fns = libcBindings((libc) => ({
  socket: libc.func('int socket(int domain, int type, int protocol)'),
  send: libc.func('long send(int fd, const void *buf, size_t len, int flags)'),
  recv: libc.func('long recv(int fd, void *buf, size_t len, int flags)'),
  setsockopt: libc.func('int setsockopt(int fd, int level, int name, const void *value, uint32_t len)'),
  close: libc.func('int close(int fd)'),
}));

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_ROUTE = 0;
const SOL_SOCKET = 1;
const SO_RCVTIMEO = 20;
const SOL_NETLINK = 270;
const NETLINK_EXT_ACK = 11;
const EINTR = 4;
const RECV_BYTES = 64 * 1024;

/** What a failure says it was doing: `link add` and `br0 (bridge)`. */
export interface Subject {
  readonly call: string;
  readonly what: string;
}

export class NetlinkSocket {
  private seq = 0;
  private readonly buf = Buffer.alloc(RECV_BYTES);

  private constructor(private readonly fd: number, private readonly where: NetNsRef) {}

  static open(where: NetNsRef = {}): NetlinkSocket {
    const make = () => fns().socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE) as number;
    const fd = where.netns ? withNamespaces({ set: { join: { net: where.netns } } }, make) : make();
    if (fd < 0) throw new KernelError('socket', `AF_NETLINK${where.netns ? ` in ${where.netns}` : ''}`, ffi().errno(), { code: 'E_NETLINK' });
    const sock = new NetlinkSocket(fd, where);
    const one = Buffer.alloc(4); one.writeInt32LE(1);
    // Extended acks are a courtesy (the kernel's own sentence for the hint); older kernels refuse them harmlessly.
    fns().setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, one, 4);
    const timeval = Buffer.alloc(16); timeval.writeBigInt64LE(5n, 0);
    fns().setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval, 16);
    return sock;
  }

  close(): void {
    fns().close(this.fd);
  }

  /** Sends a change and waits for its ack; a refusal becomes a KernelError. */
  request(subject: Subject, type: number, flags: number, fixed: Uint8Array, attrs: readonly Attr[]): void {
    const seq = this.send(subject, type, flags | NLM_F.REQUEST | NLM_F.ACK, fixed, attrs);
    for (;;) {
      for (const m of this.receive(subject)) {
        if (m.seq !== seq) continue;
        if (m.type === NLMSG.ERROR) return this.check(subject, m);
      }
    }
  }

  /** Sends a request and returns every reply message up to NLMSG_DONE (or the single answer). */
  query(subject: Subject, type: number, flags: number, fixed: Uint8Array, attrs: readonly Attr[] = []): Message[] {
    const seq = this.send(subject, type, flags | NLM_F.REQUEST, fixed, attrs);
    const out: Message[] = [];
    for (;;) {
      for (const m of this.receive(subject)) {
        if (m.seq !== seq) continue;
        if (m.type === NLMSG.DONE) return out;
        if (m.type === NLMSG.ERROR) { this.check(subject, m); return out; }
        out.push(m);
        if (!(m.flags & NLM_F.MULTI)) return out;
      }
    }
  }

  private send(subject: Subject, type: number, flags: number, fixed: Uint8Array, attrs: readonly Attr[]): number {
    const seq = ++this.seq;
    const msg = encodeMessage(type, flags, seq, fixed, attrs);
    const n = Number(fns().send(this.fd, msg, msg.length, 0));
    if (n < 0) this.fail(subject, ffi().errno());
    return seq;
  }

  private receive(subject: Subject): Message[] {
    for (;;) {
      const n = Number(fns().recv(this.fd, this.buf, this.buf.length, 0));
      // A copy: the next recv reuses the buffer while a dump's earlier messages are still held.
      if (n >= 0) return decodeMessages(Buffer.from(this.buf.subarray(0, n)));
      const errno = ffi().errno();
      if (errno !== EINTR) this.fail(subject, errno);
    }
  }

  private check(subject: Subject, m: Message): void {
    const { errno, text } = decodeError(m);
    if (errno !== 0) this.fail(subject, errno, text);
  }

  private fail(subject: Subject, errno: number, text?: string): never {
    throw new KernelError(subject.call, `${subject.what}${this.where.netns ? ` in ${this.where.netns}` : ''}`, errno, {
      code: 'E_NETLINK',
      hint: text || HINTS[errno],
    });
  }
}

const HINTS: Record<number, string> = {
  17: 'a link or address with that name already exists there',
  19: 'no link with that name in that network namespace',
  95: 'this kernel has no driver for that link type',
  101: 'the gateway is not on any directly connected network',
};

/** Opens a socket in `where`, runs `fn`, and always closes it. */
export function withNetlink<T>(where: NetNsRef | undefined, fn: (s: NetlinkSocket) => T): T {
  const s = NetlinkSocket.open(where);
  try {
    return fn(s);
  } finally {
    s.close();
  }
}
