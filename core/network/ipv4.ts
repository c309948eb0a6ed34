/**
 * IPv4 addresses as unsigned 32-bit numbers: subnet arithmetic (containment,
 * overlap, first/last usable) is plain integer math that way.
 */

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** The address as a number, or null when the text is not a dotted quad. */
export function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!OCTET.test(p)) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function ipv4Bytes(n: number): [number, number, number, number] {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

export interface Cidr {
  /** The network address (host bits cleared). */
  readonly base: number;
  readonly prefix: number;
}

/** A CIDR such as `10.87.0.0/16`, or null. Host bits set (`10.87.0.5/16`) are kept out: see `parseCidrLoose`. */
export function parseCidr(text: string): Cidr | null {
  const loose = parseCidrLoose(text);
  if (!loose || loose.address !== loose.base) return null;
  return { base: loose.base, prefix: loose.prefix };
}

/** An address with its prefix, where host bits may be set (an interface address). */
export function parseCidrLoose(text: string): (Cidr & { address: number }) | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const address = parseIPv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === null || !/^\d{1,2}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > 32) return null;
  return { address, base: (address & maskOf(prefix)) >>> 0, prefix };
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function formatCidr(c: Cidr): string {
  return `${formatIPv4(c.base)}/${c.prefix}`;
}

export function sizeOf(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function lastOf(c: Cidr): number {
  return c.base + sizeOf(c) - 1;
}

export function contains(c: Cidr, address: number): boolean {
  return address >= c.base && address <= lastOf(c);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base <= lastOf(b) && b.base <= lastOf(a);
}

/**
 * The addresses a host may hold: the network and broadcast addresses are
 * excluded, except in /31 and /32 where there are none (RFC 3021).
 */
export function usableRange(c: Cidr): { first: number; last: number } {
  if (c.prefix >= 31) return { first: c.base, last: lastOf(c) };
  return { first: c.base + 1, last: lastOf(c) - 1 };
}
