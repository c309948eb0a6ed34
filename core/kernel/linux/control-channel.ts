import type { Socket } from 'node:net';
import { KernelError } from '../kernel-error.js';

interface Waiter {
  readonly resolve: (fields: Buffer[]) => void;
  readonly reject: (e: KernelError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * The engine's side of the conversation with a container's init (see
 * native/dockbook-shim.c): frames of strings, one request at a time, each
 * answered with `ok VALUE` or `err ERRNO CALL SUBJECT`.
 *
 * It runs over the socket pair Node makes for a child's 'pipe' stdio, read
 * by the event loop. Building a container used to take about a hundred
 * calls, so they were synchronous reads on a socket made through libc (a
 * trip through the event loop cost ~0.1 ms each); now the runtime sends
 * them as a few `batch` frames (init-frames.ts), so a handful of event loop
 * trips cost less than loading the FFI library the synchronous socket needed.
 */
export class ControlChannel {
  private pending: Buffer = Buffer.alloc(0);
  private readonly frames: Buffer[][] = [];
  private readonly waiters: Waiter[] = [];
  private gone: KernelError | null = null;

  constructor(private readonly socket: Socket, private readonly timeoutMs: number) {
    socket.on('data', (d: Buffer) => this.received(d));
    socket.on('error', () => this.end(ended()));
    socket.on('close', () => this.end(ended()));
  }

  /** Reads the next frame the other side sends unprompted (the shim's `pid`). */
  async next(): Promise<string[]> {
    return (await this.nextRaw()).map((b) => b.toString('utf8'));
  }

  /** Sends one request and returns the value of its `ok` reply. */
  async call(fields: readonly (string | Uint8Array)[]): Promise<string> {
    const reply = (await this.exchange(fields)).map((b) => b.toString('utf8'));
    if (reply[0] === 'ok') return reply[1] ?? '';
    throw new KernelError(reply[2] ?? String(fields[0]), reply[3] ?? '', Number(reply[1] ?? 22));
  }

  /** Sends one request and returns its reply's fields as bytes (a batch's replies are frames themselves). */
  exchange(fields: readonly (string | Uint8Array)[]): Promise<Buffer[]> {
    if (this.gone) return Promise.reject(this.gone);
    const reply = this.nextRaw();
    this.socket.write(encode(fields));
    return reply;
  }

  close(): void {
    this.end(ended());
  }

  private nextRaw(): Promise<Buffer[]> {
    const ready = this.frames.shift();
    if (ready) return Promise.resolve(ready);
    if (this.gone) return Promise.reject(this.gone);
    return new Promise((resolve, reject) => {
      // An init that stopped answering must not hang the engine.
      const timer = setTimeout(() => this.end(new KernelError('init', 'control socket', 'ETIMEDOUT', { hint: 'the container process stopped answering' })), this.timeoutMs);
      this.waiters.push({ resolve, reject, timer });
    });
  }

  private received(d: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, d]) : d;
    for (;;) {
      const frame = takeFrame(this.pending);
      if (!frame) return;
      this.pending = this.pending.subarray(frame.size);
      const w = this.waiters.shift();
      if (w) {
        clearTimeout(w.timer);
        w.resolve(frame.fields);
      } else {
        this.frames.push(frame.fields);
      }
    }
  }

  private end(why: KernelError): void {
    if (this.gone) return;
    this.gone = why;
    this.socket.destroy();
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(why);
    }
  }
}

/** One whole frame from the front of `b`, or null while it has not all arrived. */
function takeFrame(b: Buffer): { fields: Buffer[]; size: number } | null {
  if (b.length < 4) return null;
  const count = b.readUInt32LE(0);
  const fields: Buffer[] = [];
  let off = 4;
  for (let i = 0; i < count; i++) {
    if (b.length < off + 4) return null;
    const len = b.readUInt32LE(off);
    if (b.length < off + 4 + len) return null;
    fields.push(b.subarray(off + 4, off + 4 + len));
    off += 4 + len;
  }
  return { fields, size: off };
}

function ended(): KernelError {
  return new KernelError('init', 'control socket', 'EPIPE', { hint: 'the container process exited before it was ready' });
}

export function encode(fields: readonly (string | Uint8Array)[]): Buffer {
  const parts: Buffer[] = [u32(fields.length)];
  for (const f of fields) {
    const b = typeof f === 'string' ? Buffer.from(f, 'utf8') : Buffer.from(f);
    parts.push(u32(b.length), b);
  }
  return Buffer.concat(parts);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/** The fields of a frame held in memory (a batch's reply to one call). */
export function decode(frame: Uint8Array): string[] {
  const b = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  return (takeFrame(b)?.fields ?? []).map((f) => f.toString('utf8'));
}
