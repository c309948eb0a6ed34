import type { Socket } from 'node:net';
import { KernelError } from '../kernel-error.js';

/**
 * The engine's side of the conversation with a container's init (see
 * native/dockbook-shim.c): frames of strings, one request at a time, each
 * answered with `ok VALUE` or `err ERRNO CALL SUBJECT`.
 */
export class ControlChannel {
  private buffered = Buffer.alloc(0);
  private readonly waiting: ((frame: string[] | Error) => void)[] = [];
  private readonly frames: string[][] = [];
  private closed: Error | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => this.onData(d));
    const end = () => this.fail(new KernelError('init', 'control socket', 'EPIPE', { hint: 'the container process exited before it was ready' }));
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  /** Waits for the next frame the other side sends unprompted (the shim's `pid`). */
  next(): Promise<string[]> {
    const ready = this.frames.shift();
    if (ready) return Promise.resolve(ready);
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((resolve, reject) => this.waiting.push((f) => (f instanceof Error ? reject(f) : resolve(f))));
  }

  /** Sends one request and resolves with the value of its `ok` reply. */
  call(fields: readonly (string | Uint8Array)[]): Promise<string> {
    const run = async () => {
      this.socket.write(encode(fields));
      const reply = await this.next();
      if (reply[0] === 'ok') return reply[1] ?? '';
      throw new KernelError(reply[2] ?? String(fields[0]), reply[3] ?? '', Number(reply[1] ?? 22));
    };
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => {});
    return result;
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(d: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, d]);
    for (;;) {
      const parsed = decode(this.buffered);
      if (!parsed) return;
      this.buffered = this.buffered.subarray(parsed.used);
      const taker = this.waiting.shift();
      if (taker) taker(parsed.fields);
      else this.frames.push(parsed.fields);
    }
  }

  private fail(e: Error): void {
    if (this.closed) return;
    this.closed = e;
    for (const w of this.waiting.splice(0)) w(e);
  }
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

export function decode(buf: Buffer): { fields: string[]; used: number } | null {
  if (buf.length < 4) return null;
  const count = buf.readUInt32LE(0);
  let off = 4;
  const fields: string[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.length < off + 4) return null;
    const len = buf.readUInt32LE(off);
    off += 4;
    if (buf.length < off + len) return null;
    fields.push(buf.toString('utf8', off, off + len));
    off += len;
  }
  return { fields, used: off };
}
