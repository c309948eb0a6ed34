/** What travels between network namespaces: one IPv4 packet, sized as the frame Linux counts. */

export type Proto = 'icmp' | 'udp' | 'tcp';

export type TcpFlag = 'SYN' | 'SYN-ACK' | 'ACK' | 'FIN' | 'RST';

export type Payload =
  | { readonly kind: 'icmp-echo'; readonly id: number; readonly seq: number; readonly size: number; readonly sentAt: number }
  | { readonly kind: 'icmp-echo-reply'; readonly id: number; readonly seq: number; readonly size: number; readonly sentAt: number }
  | { readonly kind: 'icmp-port-unreachable'; readonly original: Packet }
  | { readonly kind: 'udp'; readonly data: Uint8Array }
  | { readonly kind: 'tcp'; readonly flag: TcpFlag | 'DATA'; readonly data?: Uint8Array };

export interface Packet {
  readonly proto: Proto;
  src: string;
  dst: string;
  /** Ports for udp/tcp; the echo identifier for icmp (what conntrack keys on). */
  sport: number;
  dport: number;
  ttl: number;
  readonly payload: Payload;
  /** Where a failure on the way (no ARP answer) is reported back, as an ICMP error would be. */
  readonly onError?: (errno: 'EHOSTUNREACH') => void;
}

const ETH = 14;
const IP = 20;

/** Bytes of the Ethernet frame carrying the packet: what rx_bytes/tx_bytes add up. */
export function frameBytes(p: Packet): number {
  const pl = p.payload;
  switch (pl.kind) {
    case 'icmp-echo':
    case 'icmp-echo-reply': return ETH + IP + 8 + pl.size;
    case 'icmp-port-unreachable': return ETH + IP + 8 + IP + 8 + Math.min(frameBytes(pl.original) - ETH - IP - 8, 8);
    case 'udp': return ETH + IP + 8 + pl.data.length;
    // Linux TCP carries timestamps: 32-byte headers, 40 on SYNs (MSS, SACK, timestamps, window scale).
    case 'tcp': return ETH + IP + (pl.flag === 'SYN' || pl.flag === 'SYN-ACK' ? 40 : 32) + (pl.data?.length ?? 0);
  }
}

export function describe(p: Packet): string {
  const ports = p.proto === 'icmp' ? '' : `:${p.sport} → ${p.dst}:${p.dport}`;
  return p.proto === 'icmp' ? `icmp ${p.src} → ${p.dst}` : `${p.proto} ${p.src}${ports}`;
}
