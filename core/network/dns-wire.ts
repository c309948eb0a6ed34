import * as dnsPacket from 'dns-packet';

/**
 * DNS messages through the `dns-packet` library. It reads with Buffer
 * methods, and a socket may hand over a plain Uint8Array, so bytes are
 * re-wrapped in the library's own Buffer class (Node's, or the `buffer`
 * package in a browser bundle) — taken from what its encoder returns, so
 * engine code never names a Node built-in.
 */
type BufferClass = { from(bytes: Uint8Array): Uint8Array };
let LibBuffer: BufferClass | null = null;

function libBuffer(): BufferClass {
  LibBuffer ??= (dnsPacket.encode({ type: 'query', id: 0, questions: [] }).constructor as unknown as BufferClass);
  return LibBuffer;
}

export type DnsMessage = dnsPacket.Packet & { rcode?: string };

/** null when the bytes are not a DNS message (a server ignores those, as a resolver would). */
export function decodeDns(bytes: Uint8Array): DnsMessage | null {
  try {
    return dnsPacket.decode(libBuffer().from(bytes));
  } catch {
    return null;
  }
}

export function encodeDns(message: DnsMessage): Uint8Array {
  return dnsPacket.encode(message);
}

/** The response codes this server sends, as they sit in the low bits of the flags. */
export const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 } as const;

export const FLAG = {
  RECURSION_DESIRED: dnsPacket.RECURSION_DESIRED,
  RECURSION_AVAILABLE: dnsPacket.RECURSION_AVAILABLE,
  AUTHORITATIVE: dnsPacket.AUTHORITATIVE_ANSWER,
} as const;

/** What a stub resolver reads from a response: the id to match its query, the code, and the records in order. */
export interface DnsReply {
  readonly id: number;
  readonly rcode: number;
  readonly authoritative: boolean;
  /** `data` is text: a dotted quad for A, the address for AAAA, the name for CNAME. */
  readonly answers: readonly { readonly name: string; readonly type: string; readonly ttl: number; readonly data: string }[];
}

/** A query for one name, recursion desired, as a stub resolver (busybox's nslookup, getaddrinfo) sends it. */
export function encodeQuery(id: number, name: string, type: 'A' | 'AAAA'): Uint8Array {
  return encodeDns({ type: 'query', id, flags: FLAG.RECURSION_DESIRED, questions: [{ type, name: name.replace(/\.$/, ''), class: 'IN' }] });
}

/** null when the bytes are no response. */
export function decodeReply(bytes: Uint8Array): DnsReply | null {
  const m = decodeDns(bytes);
  if (!m || m.type !== 'response') return null;
  const flags = m.flags ?? 0;
  return {
    id: m.id ?? 0,
    rcode: flags & 0x0f,
    authoritative: (flags & FLAG.AUTHORITATIVE) !== 0,
    answers: (m.answers ?? []).map((a) => ({ name: a.name, type: a.type, ttl: a.ttl ?? 0, data: String(a.data) })),
  };
}
