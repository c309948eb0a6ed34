/** The DNS wire format (RFC 1035), as much as a stub resolver needs: one question, A/AAAA/CNAME answers. */

export interface DnsAnswer {
  readonly name: string;
  readonly type: number;
  readonly ttl: number;
  /** Dotted quad for A, text for CNAME, hex groups for AAAA. */
  readonly data: string;
}

export interface DnsResponse {
  readonly id: number;
  readonly rcode: number;
  readonly authoritative: boolean;
  readonly answers: readonly DnsAnswer[];
}

export const TYPE_A = 1;
export const TYPE_CNAME = 5;
export const TYPE_AAAA = 28;

export function encodeQuery(id: number, name: string, type: number): Uint8Array {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  const out: number[] = [id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
  for (const l of labels) {
    const b = new TextEncoder().encode(l);
    out.push(b.length, ...b);
  }
  out.push(0, type >> 8, type & 0xff, 0, 1);
  return Uint8Array.from(out);
}

function readName(b: Uint8Array, at: number): { name: string; next: number } {
  const parts: string[] = [];
  let next = -1;
  for (let i = at, jumps = 0; i < b.length && jumps < 32;) {
    const len = b[i]!;
    if (len === 0) {
      if (next < 0) next = i + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (next < 0) next = i + 2;
      i = ((len & 0x3f) << 8) | b[i + 1]!;
      jumps++;
      continue;
    }
    parts.push(new TextDecoder().decode(b.subarray(i + 1, i + 1 + len)));
    i += 1 + len;
  }
  return { name: parts.join('.'), next };
}

/** Parses a response; null when it is too short or malformed to be one. */
export function decodeResponse(b: Uint8Array): DnsResponse | null {
  if (b.length < 12) return null;
  const u16 = (i: number): number => (b[i]! << 8) | b[i + 1]!;
  const qd = u16(4);
  const an = u16(6);
  let at = 12;
  for (let q = 0; q < qd; q++) at = readName(b, at).next + 4;
  const answers: DnsAnswer[] = [];
  for (let a = 0; a < an && at > 0 && at < b.length; a++) {
    const { name, next } = readName(b, at);
    const type = u16(next);
    const ttl = ((u16(next + 4) << 16) >>> 0) + u16(next + 6);
    const len = u16(next + 8);
    const rd = next + 10;
    let data = '';
    if (type === TYPE_A && len === 4) data = [...b.subarray(rd, rd + 4)].join('.');
    else if (type === TYPE_CNAME) data = readName(b, rd).name;
    else if (type === TYPE_AAAA && len === 16) data = ipv6Text(b.subarray(rd, rd + 16));
    answers.push({ name, type, ttl, data });
    at = rd + len;
  }
  return { id: u16(0), rcode: b[3]! & 0x0f, authoritative: (b[2]! & 0x04) !== 0, answers };
}

function ipv6Text(b: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}
