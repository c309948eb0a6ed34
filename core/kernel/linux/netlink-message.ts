/**
 * The netlink wire format (rfc3549, include/uapi/linux/netlink.h and
 * rtnetlink.h): a 16-byte nlmsghdr, a fixed family header (ifinfomsg,
 * ifaddrmsg, rtmsg), then type-length-value attributes, every piece padded
 * to 4 bytes. Host byte order throughout (little-endian on the lab machines).
 */

export const NLM_F = {
  REQUEST: 0x1, MULTI: 0x2, ACK: 0x4,
  DUMP: 0x300, REPLACE: 0x100, EXCL: 0x200, CREATE: 0x400,
  /** In an NLMSG_ERROR: the request was not echoed back / extended-ack TLVs follow. */
  CAPPED: 0x100, ACK_TLVS: 0x200,
} as const;

export const NLMSG = { ERROR: 2, DONE: 3 } as const;

export const RTM = {
  NEWLINK: 16, DELLINK: 17, GETLINK: 18, SETLINK: 19,
  NEWADDR: 20, GETADDR: 22, NEWROUTE: 24, GETROUTE: 26,
} as const;

const HDR = 16;

export function align4(n: number): number {
  return (n + 3) & ~3;
}

/** One attribute: its type and payload, or nested attributes. */
export interface Attr {
  readonly type: number;
  readonly value: Uint8Array | readonly Attr[];
}

export const u32 = (n: number): Uint8Array => { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0); return b; };
export const i32 = (n: number): Uint8Array => { const b = Buffer.alloc(4); b.writeInt32LE(n); return b; };
/** NUL-terminated, as the kernel wants names and kinds. */
export const cstr = (s: string): Uint8Array => Buffer.from(`${s}\0`, 'utf8');

function attrsLength(attrs: readonly Attr[]): number {
  return attrs.reduce((n, a) => n + align4(4 + valueLength(a.value)), 0);
}

function valueLength(v: Attr['value']): number {
  return v instanceof Uint8Array ? v.length : attrsLength(v);
}

function writeAttrs(buf: Buffer, at: number, attrs: readonly Attr[]): number {
  for (const a of attrs) {
    const len = 4 + valueLength(a.value);
    buf.writeUInt16LE(len, at);
    buf.writeUInt16LE(a.type, at + 2);
    if (a.value instanceof Uint8Array) buf.set(a.value, at + 4);
    else writeAttrs(buf, at + 4, a.value);
    at += align4(len);
  }
  return at;
}

/** A fixed family header followed by attributes, as one attribute payload (veth's peer). */
export function nested(fixed: Uint8Array, attrs: readonly Attr[]): Uint8Array {
  const buf = Buffer.alloc(align4(fixed.length) + attrsLength(attrs));
  buf.set(fixed, 0);
  writeAttrs(buf, align4(fixed.length), attrs);
  return buf;
}

export function encodeMessage(type: number, flags: number, seq: number, fixed: Uint8Array, attrs: readonly Attr[]): Buffer {
  const body = nested(fixed, attrs);
  const buf = Buffer.alloc(HDR + body.length);
  buf.writeUInt32LE(buf.length, 0);
  buf.writeUInt16LE(type, 4);
  buf.writeUInt16LE(flags, 6);
  buf.writeUInt32LE(seq, 8);
  buf.writeUInt32LE(0, 12);
  buf.set(body, HDR);
  return buf;
}

export interface Message {
  readonly type: number;
  readonly flags: number;
  readonly seq: number;
  /** Everything after the 16-byte header. */
  readonly body: Buffer;
}

/** Splits one datagram into its messages. */
export function decodeMessages(data: Buffer): Message[] {
  const out: Message[] = [];
  let at = 0;
  while (at + HDR <= data.length) {
    const len = data.readUInt32LE(at);
    if (len < HDR || at + len > data.length) break;
    out.push({ type: data.readUInt16LE(at + 4), flags: data.readUInt16LE(at + 6), seq: data.readUInt32LE(at + 8), body: data.subarray(at + HDR, at + len) });
    at += align4(len);
  }
  return out;
}

/** Attributes by type (the last one wins, as the kernel's nla_parse does). */
export function decodeAttrs(data: Buffer, from = 0): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let at = from;
  while (at + 4 <= data.length) {
    const len = data.readUInt16LE(at);
    if (len < 4 || at + len > data.length) break;
    // NLA_F_NESTED and NLA_F_NET_BYTEORDER live in the top bits of the type.
    out.set(data.readUInt16LE(at + 2) & 0x3fff, data.subarray(at + 4, at + len));
    at += align4(len);
  }
  return out;
}

export function attrString(b: Buffer | undefined): string | undefined {
  if (!b) return undefined;
  const end = b.indexOf(0);
  return b.toString('utf8', 0, end < 0 ? b.length : end);
}

export function attrU32(b: Buffer | undefined): number | undefined {
  return b && b.length >= 4 ? b.readUInt32LE(0) : undefined;
}

/**
 * An NLMSG_ERROR body: the negative errno (0 is an ack) and, when the socket
 * asked for extended acks, the kernel's own sentence (NLMSGERR_ATTR_MSG).
 */
export function decodeError(m: Message): { errno: number; text?: string } {
  const errno = Math.abs(m.body.readInt32LE(0));
  if (!(m.flags & NLM_F.ACK_TLVS)) return { errno };
  // After the error code comes the request: its header only when capped.
  const echoed = m.flags & NLM_F.CAPPED ? HDR : m.body.readUInt32LE(4);
  const tlvs = decodeAttrs(m.body, 4 + align4(echoed));
  return { errno, text: attrString(tlvs.get(1)) };
}
