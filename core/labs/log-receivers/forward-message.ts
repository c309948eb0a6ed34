import { Decoder, decodeMulti, ExtensionCodec } from '@msgpack/msgpack';
import { ByteQueue } from '../byte-queue.js';

/**
 * Fluentd's Forward protocol (v1), the receiving side: a TCP stream of
 * msgpack arrays in one of three modes —
 *   Message        [tag, time, record, option?]
 *   Forward        [tag, [[time, record], …], option?]
 *   PackedForward  [tag, bin(msgpack [time, record] entries, back to back), option?]
 * — where time is whole seconds or an EventTime (ext type 0: u32 seconds,
 * u32 nanoseconds). msgpack itself is @msgpack/msgpack's job.
 */

export interface ForwardEntry {
  readonly tag: string;
  readonly mode: 'message' | 'forward' | 'packed-forward';
  /** Seconds since the epoch, with the nanoseconds of an EventTime as a fraction. */
  readonly time: number;
  readonly record: Readonly<Record<string, unknown>>;
}

export interface ForwardBatch {
  readonly entries: readonly ForwardEntry[];
  /** `option.chunk`: the sender wants `{ack: chunk}` back once the entries are taken. */
  readonly ackChunk: string | null;
}

const eventTime = new ExtensionCodec();
eventTime.register({
  type: 0,
  encode: () => null,
  decode: (data: Uint8Array) => {
    const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
    return v.getUint32(0) + v.getUint32(4) / 1e9;
  },
});

export const forwardDecoderOptions = { extensionCodec: eventTime } as const;

export class ForwardError extends Error {}

function timeOf(t: unknown): number {
  if (typeof t === 'number') return t;
  if (typeof t === 'bigint') return Number(t);
  throw new ForwardError(`time is neither an integer nor an EventTime: ${String(t)}`);
}

function recordOf(r: unknown): Record<string, unknown> {
  if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new ForwardError('record is not a map');
  return r as Record<string, unknown>;
}

function entryOf(tag: string, mode: ForwardEntry['mode'], e: unknown): ForwardEntry {
  if (!Array.isArray(e) || e.length < 2) throw new ForwardError('an entry is not [time, record]');
  return { tag, mode, time: timeOf(e[0]), record: recordOf(e[1]) };
}

/** One decoded top-level array as the entries it carries. */
export function forwardBatch(message: unknown): ForwardBatch {
  if (!Array.isArray(message) || message.length < 2 || typeof message[0] !== 'string') throw new ForwardError('not a Forward protocol message: [tag, …]');
  const tag = message[0];
  const body: unknown = message[1];
  let entries: ForwardEntry[];
  let option: unknown;
  if (Array.isArray(body)) {
    entries = body.map((e) => entryOf(tag, 'forward', e));
    option = message[2];
  } else if (body instanceof Uint8Array || typeof body === 'string') {
    option = message[2];
    if ((option as { compressed?: unknown } | undefined)?.compressed === 'gzip') throw new ForwardError('CompressedPackedForward (gzip) is not supported by this receiver');
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    entries = [...decodeMulti(bytes, forwardDecoderOptions)].map((e) => entryOf(tag, 'packed-forward', e));
  } else {
    entries = [{ tag, mode: 'message', time: timeOf(body), record: recordOf(message[2]) }];
    option = message[3];
  }
  const chunk = (option as { chunk?: unknown } | undefined)?.chunk;
  return { entries, ackChunk: typeof chunk === 'string' ? chunk : null };
}

/** Bytes of one connection in, arriving in any cut; each complete top-level message out, in order. */
export class ForwardStream {
  private readonly bytes = new ByteQueue();
  readonly done: Promise<void>;

  constructor(onMessage: (message: unknown) => void) {
    const decoder = new Decoder(forwardDecoderOptions);
    this.done = (async () => {
      for await (const m of decoder.decodeStream(this.bytes)) onMessage(m);
    })();
  }

  push(chunk: Uint8Array): void {
    this.bytes.push(chunk);
  }

  end(): void {
    this.bytes.end();
  }
}
