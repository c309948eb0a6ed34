import type { Packet } from './packet.js';

interface Tuple {
  readonly proto: string;
  readonly src: string;
  readonly sport: number;
  readonly dst: string;
  readonly dport: number;
}

/** One NATed flow: the tuple it arrived with and the tuple it left with. */
export interface Flow {
  readonly original: Tuple;
  translated: Tuple;
}

const key = (t: Tuple): string => `${t.proto} ${t.src}:${t.sport} ${t.dst}:${t.dport}`;
const reverse = (t: Tuple): Tuple => ({ proto: t.proto, src: t.dst, sport: t.dport, dst: t.src, dport: t.sport });

export function tupleOf(p: Packet): Tuple {
  return { proto: p.proto, src: p.src, sport: p.sport, dst: p.dst, dport: p.dport };
}

/**
 * Connection tracking for NAT: the rules are consulted for a flow's first
 * packet only; later packets of the flow, and the replies, are rewritten
 * from the table (which is why removing a rule does not break a
 * connection already made, as on Linux).
 */
export class Conntrack {
  private readonly byOriginal = new Map<string, Flow>();
  private readonly byReply = new Map<string, Flow>();

  /** Rewrites a packet of a known flow in place; returns whether the packet belonged to one. */
  translate(p: Packet): boolean {
    const t = tupleOf(p);
    const fwd = this.byOriginal.get(key(t));
    if (fwd) {
      apply(p, fwd.translated);
      return true;
    }
    const back = this.byReply.get(key(t));
    if (back) {
      apply(p, reverse(back.original));
      return true;
    }
    return false;
  }

  /** Records a flow whose first packet was rewritten from `original` to what `p` now holds. */
  record(original: Tuple, p: Packet): void {
    const translated = tupleOf(p);
    if (key(original) === key(translated)) return;
    const prev = this.byOriginal.get(key(original));
    if (prev) this.byReply.delete(key(reverse(prev.translated)));
    const flow: Flow = { original, translated };
    this.byOriginal.set(key(original), flow);
    this.byReply.set(key(reverse(translated)), flow);
  }

  flows(): Flow[] {
    return [...this.byOriginal.values()];
  }
}

function apply(p: Packet, t: Tuple): void {
  p.src = t.src;
  p.sport = t.sport;
  p.dst = t.dst;
  p.dport = t.dport;
}
