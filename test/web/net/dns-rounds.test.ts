import { describe, expect, it } from 'vitest';
import { containerColours } from '../../../web/src/net/container-colours.js';
import { dnsRounds, ROUNDS_SHOWN } from '../../../web/src/net/dns-rounds.js';
import type { DnsAnswerRecord } from '../../../labs/observation-types.js';

let seq = 0;
function answer(name: string, containers: readonly string[], more: Partial<DnsAnswerRecord> = {}): DnsAnswerRecord {
  return {
    seq: ++seq, t: seq, asker: { id: 'x', name: 'net-client' }, name, type: 'A', source: 'containers',
    addresses: containers.map((container, i) => ({ address: `10.90.0.${i + 4}`, container })), ...more,
  };
}

describe('the DNS answers the network panel lists', () => {
  it('numbers each A answer per name, the alias first, leaving out AAAA, forwarded and empty ones', () => {
    const names = dnsRounds([
      answer('net-db', ['net-db']),
      answer('search', ['net-s1', 'net-s2']),
      answer('search', [], { type: 'AAAA' }),
      answer('example.com', [], { source: 'upstream' }),
      answer('search', ['net-s2', 'net-s1']),
    ]);
    expect(names.map((n) => [n.name, n.containers, n.rounds.map((r) => `${r.n} ${r.asker} → ${r.order.map((o) => o.container).join(' ')}`)])).toEqual([
      ['search', 2, ['1 net-client → net-s1 net-s2', '2 net-client → net-s2 net-s1']],
      ['net-db', 1, ['1 net-client → net-db']],
    ]);
  });

  it('keeps the newest answers of a long run, still numbered from the first', () => {
    const many = Array.from({ length: ROUNDS_SHOWN + 3 }, (_, i) => answer('search', i % 2 ? ['b', 'a'] : ['a', 'b']));
    const rounds = dnsRounds(many)[0]!.rounds;
    expect(rounds).toHaveLength(ROUNDS_SHOWN);
    expect([rounds[0]!.n, rounds.at(-1)!.n]).toEqual([4, ROUNDS_SHOWN + 3]);
  });
});

describe('container colours', () => {
  it('gives each container its own colour in list order, and keeps them when a later one leaves', () => {
    const three = containerColours(['net-a', 'net-b', 'net-c']);
    expect(new Set(three.values()).size).toBe(3);
    const two = containerColours(['net-a', 'net-b']);
    expect([two.get('net-a'), two.get('net-b')]).toEqual([three.get('net-a'), three.get('net-b')]);
  });
});
