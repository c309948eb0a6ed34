import { describe, expect, it } from 'vitest';
import { evaluateRoundRobin } from '../../core/labs/dns-checks.js';
import type { CheckSpec } from '../../labs/lab-types.js';
import type { DnsAnswerRecord, Observation } from '../../labs/observation-types.js';

const check: Extract<CheckSpec, { kind: 'dns-round-robin' }> = {
  kind: 'dns-round-robin', name: 'search', containers: ['s1', 's2', 's3'], queries: 3, text: { ko: '', en: '' },
};

let seq = 0;
/** One A answer for `name` whose addresses belong to these containers, in this order. */
function answer(order: readonly string[], more: Partial<DnsAnswerRecord> = {}): DnsAnswerRecord {
  return {
    seq: ++seq, t: seq, asker: { id: 'c1', name: 'client' }, name: 'search', type: 'A', source: 'containers',
    addresses: order.map((container, i) => ({ address: `10.90.0.${i + 4}`, container })), ...more,
  };
}

const log = (...answers: DnsAnswerRecord[]): Extract<Observation, { kind: 'dnsAnswers' }> => ({ kind: 'dnsAnswers', answers });

describe('the round-robin check on the DNS answer log', () => {
  it('passes when each answer is the one before turned by one place', () => {
    const r = evaluateRoundRobin(check, log(answer(['s1', 's2', 's3']), answer(['s2', 's3', 's1']), answer(['s3', 's1', 's2'])));
    expect(r.pass).toBe(true);
    expect(r.observed).toEqual(['1: s1 s2 s3', '2: s2 s3 s1', '3: s3 s1 s2']);
  });

  it('fails when the order does not turn (every asker sent to the same container first)', () => {
    expect(evaluateRoundRobin(check, log(answer(['s1', 's2', 's3']), answer(['s1', 's2', 's3']), answer(['s1', 's2', 's3']))).pass).toBe(false);
  });

  it('fails when the order changes some other way than a turn by one', () => {
    expect(evaluateRoundRobin(check, log(answer(['s1', 's2', 's3']), answer(['s3', 's1', 's2']), answer(['s2', 's3', 's1']))).pass).toBe(false);
  });

  it('fails when an answer leaves out a container that has the alias', () => {
    expect(evaluateRoundRobin(check, log(answer(['s1', 's2']), answer(['s2', 's1']), answer(['s1', 's2']))).pass).toBe(false);
  });

  it('fails with fewer answers than asked for, and reads only A answers for that name from the books', () => {
    const twoRight = [answer(['s1', 's2', 's3']), answer(['s2', 's3', 's1'])];
    expect(evaluateRoundRobin(check, log(...twoRight)).pass).toBe(false);
    const noise = [answer([], { type: 'AAAA' }), answer(['s1'], { name: 'other' }), answer([], { source: 'upstream' })];
    expect(evaluateRoundRobin(check, log(twoRight[0]!, ...noise, twoRight[1]!, answer(['s3', 's1', 's2']))).pass).toBe(true);
  });
});
