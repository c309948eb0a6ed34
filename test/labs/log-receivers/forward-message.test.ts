import { encode, ExtData } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { forwardBatch, ForwardStream } from '../../../core/labs/log-receivers/forward-message.js';

const record = { container_id: 'c0ffee', container_name: '/fluent', source: 'stdout', log: 'hello fluentd' };

function eventTime(sec: number, nsec: number): ExtData {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setUint32(0, sec);
  new DataView(b.buffer).setUint32(4, nsec);
  return new ExtData(0, b);
}

/** Feeds the bytes in the given cuts and collects every message decoded. */
async function decodeIn(parts: readonly Uint8Array[]): Promise<unknown[]> {
  const got: unknown[] = [];
  const s = new ForwardStream((m) => got.push(m));
  for (const p of parts) s.push(p);
  s.end();
  await s.done;
  return got;
}

describe('the Forward protocol', () => {
  it('Message mode: [tag, time, record] with whole seconds', () => {
    expect(forwardBatch(['docker.abc', 1765000000, record])).toEqual({ entries: [{ tag: 'docker.abc', mode: 'message', time: 1765000000, record }], ackChunk: null });
  });

  it('Forward mode: [tag, [[time, record], …]]', () => {
    const b = forwardBatch(['app', [[1, { log: 'a' }], [2, { log: 'b' }]]]);
    expect(b.entries.map((e) => [e.mode, e.time, e.record['log']])).toEqual([['forward', 1, 'a'], ['forward', 2, 'b']]);
  });

  it('PackedForward mode: entries packed back to back in a bin, with an EventTime, and a chunk asking for an ack', async () => {
    const packed = new Uint8Array([...encode([eventTime(1765000000, 500_000_000), { log: 'x' }]), ...encode([7, { log: 'y' }])]);
    const [message] = await decodeIn([encode(['app', packed, { chunk: 'id-1', size: 2 }])]);
    const b = forwardBatch(message);
    expect(b.entries.map((e) => [e.mode, e.time, e.record['log']])).toEqual([['packed-forward', 1765000000.5, 'x'], ['packed-forward', 7, 'y']]);
    expect(b.ackChunk).toBe('id-1');
  });

  it('decodes messages cut at any byte across reads, in order', async () => {
    const whole = new Uint8Array([...encode(['t', 1, { log: 'first' }]), ...encode(['t', 2, { log: 'second' }])]);
    const oneByteAtATime = [...whole].map((b) => new Uint8Array([b]));
    const got = await decodeIn(oneByteAtATime);
    expect(got.map((m) => forwardBatch(m).entries[0]!.record['log'])).toEqual(['first', 'second']);
  });

  it('refuses what is not [tag, …], and gzip-compressed PackedForward', () => {
    expect(() => forwardBatch([1, 2, 3])).toThrow(/tag/);
    expect(() => forwardBatch(['t', new Uint8Array([1]), { compressed: 'gzip' }])).toThrow(/gzip/);
    expect(() => forwardBatch(['t', 1, 'not a map'])).toThrow(/map/);
  });
});
