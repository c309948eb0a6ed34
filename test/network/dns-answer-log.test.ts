import { describe, expect, it } from 'vitest';
import { DnsAnswerLog, type DnsAnswerRecord } from '../../core/network/dns-answer-log.js';

const answer = (t: number, first: string): Omit<DnsAnswerRecord, 'seq'> => ({
  t, asker: { id: 'c'.repeat(64), name: 'client' }, name: 'search', type: 'A', source: 'containers',
  addresses: [{ address: '10.90.0.4', container: first }, { address: '10.90.0.5', container: first === 's1' ? 's2' : 's1' }],
});

describe('the embedded DNS answer log', () => {
  it('keeps answers oldest first, numbered in the order they went out', () => {
    const log = new DnsAnswerLog();
    log.record(answer(1000, 's1'));
    log.record(answer(1001, 's2'));
    expect(log.list().map((a) => [a.seq, a.t, a.addresses[0]!.container])).toEqual([[1, 1000, 's1'], [2, 1001, 's2']]);
  });

  it('drops the oldest once full, and the numbering goes on', () => {
    const log = new DnsAnswerLog(3);
    for (let i = 0; i < 5; i++) log.record(answer(i, i % 2 ? 's2' : 's1'));
    expect(log.list().map((a) => a.seq)).toEqual([3, 4, 5]);
    expect(log.list().map((a) => a.t)).toEqual([2, 3, 4]);
  });

  it('hands out a copy: a reader cannot change what the engine keeps', () => {
    const log = new DnsAnswerLog();
    log.record(answer(1, 's1'));
    log.list().pop();
    expect(log.list()).toHaveLength(1);
  });
});
