import { ipv4Bytes, parseIPv4 } from './ipv4.js';

/**
 * Docker's MAC for an endpoint: 02:42 then the four bytes of its IPv4
 * address. 0x02 marks a locally administered unicast address, so it never
 * clashes with a vendor's; deriving it from the IP keeps it unique within a
 * subnet and makes it readable in `ip neigh` and tcpdump.
 */
export function macFromIPv4(address: string): string {
  const n = parseIPv4(address.split('/')[0] ?? '');
  if (n === null) throw new Error(`internal: not an IPv4 address: ${address}`);
  return ['02', '42', ...ipv4Bytes(n).map((b) => b.toString(16).padStart(2, '0'))].join(':');
}
