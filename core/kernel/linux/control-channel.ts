import { closeSync, readSync, writeSync } from 'node:fs';
import { KernelError } from '../kernel-error.js';

/**
 * The engine's side of the conversation with a container's init (see
 * native/dockbook-shim.c): frames of strings, one request at a time, each
 * answered with `ok VALUE` or `err ERRNO CALL SUBJECT`.
 *
 * Calls are synchronous reads and writes on a blocking socket: an init
 * answers in microseconds, while a trip through the event loop per call
 * cost ~0.1 ms — and building a container takes about a hundred calls.
 * Even a blocking round trip costs two context switches, so the engine
 * sends whole sequences as one `batch` frame when it can (init-frames.ts).
 */
export class ControlChannel {
  private closed = false;

  constructor(private readonly fd: number) {}

  /** Reads the next frame the other side sends unprompted (the shim's `pid`). */
  next(): string[] {
    return this.nextRaw().map((b) => b.toString('utf8'));
  }

  private nextRaw(): Buffer[] {
    if (this.closed) throw ended();
    const count = this.readU32();
    const fields: Buffer[] = [];
    for (let i = 0; i < count; i++) fields.push(this.readExactly(this.readU32()));
    return fields;
  }

  /** Sends one request and returns the value of its `ok` reply. */
  call(fields: readonly (string | Uint8Array)[]): string {
    const reply = this.exchange(fields).map((b) => b.toString('utf8'));
    if (reply[0] === 'ok') return reply[1] ?? '';
    throw new KernelError(reply[2] ?? String(fields[0]), reply[3] ?? '', Number(reply[1] ?? 22));
  }

  /** Sends one request and returns its reply's fields as bytes (a batch's replies are frames themselves). */
  exchange(fields: readonly (string | Uint8Array)[]): Buffer[] {
    if (this.closed) throw ended();
    const frame = encode(fields);
    for (let off = 0; off < frame.length;) {
      try {
        off += writeSync(this.fd, frame, off, frame.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EINTR') continue;
        this.close();
        throw code === 'EPIPE' || code === 'ECONNRESET' ? ended() : e;
      }
    }
    return this.nextRaw();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private readU32(): number {
    return this.readExactly(4).readUInt32LE(0);
  }

  private readExactly(n: number): Buffer {
    const buf = Buffer.alloc(n);
    for (let off = 0; off < n;) {
      let got: number;
      try {
        got = readSync(this.fd, buf, off, n - off, null);
      } catch (e) {
        // A signal (SIGCHLD, a profiler's SIGPROF) interrupted the wait: wait again.
        if ((e as NodeJS.ErrnoException).code === 'EINTR') continue;
        // The socket's receive timeout: an init that stopped answering must not hang the engine.
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          this.close();
          throw new KernelError('init', 'control socket', 'ETIMEDOUT', { hint: 'the container process stopped answering' });
        }
        throw e;
      }
      if (got === 0) {
        this.close();
        throw ended();
      }
      off += got;
    }
    return buf;
  }
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
  const fields: string[] = [];
  let off = 4;
  for (let i = 0, count = b.readUInt32LE(0); i < count; i++) {
    const len = b.readUInt32LE(off);
    fields.push(b.toString('utf8', off + 4, off + 4 + len));
    off += 4 + len;
  }
  return fields;
}
