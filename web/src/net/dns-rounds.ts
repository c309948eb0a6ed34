/**
 * The DNS answer log as the panel lists it: per name the engine answered
 * from its books, each A answer in turn — who asked, and the containers its
 * addresses belong to in the answer's order (the first is where a client
 * that takes the first address goes).
 */
import type { DnsAnswerRecord } from '../../../labs/observation-types.js';

export interface DnsRound {
  /** 1 for the first answer for this name. */
  readonly n: number;
  readonly seq: number;
  readonly asker: string;
  readonly order: readonly { readonly address: string; readonly container: string | null }[];
}

export interface DnsName {
  readonly name: string;
  /** How many containers the name stood for: more than one is an alias shared for round robin. */
  readonly containers: number;
  readonly rounds: readonly DnsRound[];
}

/** At most this many answers per name: the newest, still numbered from the first. */
export const ROUNDS_SHOWN = 8;

export function dnsRounds(answers: readonly DnsAnswerRecord[]): DnsName[] {
  const byName = new Map<string, DnsRound[]>();
  for (const a of answers) {
    if (a.type !== 'A' || a.source !== 'containers' || a.addresses.length === 0) continue;
    const rounds = byName.get(a.name) ?? [];
    rounds.push({ n: rounds.length + 1, seq: a.seq, asker: a.asker.name, order: a.addresses });
    byName.set(a.name, rounds);
  }
  return [...byName].map(([name, rounds]) => ({
    name,
    containers: new Set(rounds.flatMap((r) => r.order.map((o) => o.container ?? o.address))).size,
    rounds: rounds.slice(-ROUNDS_SHOWN),
  }))
    // Aliases first: they are what the list is for; a plain name's single answer follows.
    .sort((a, b) => Number(b.containers > 1) - Number(a.containers > 1));
}
