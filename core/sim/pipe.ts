import type { ByteSink, ByteSource } from '../kernel/types.js';

/**
 * A pipe: bytes in order, end-of-file once every writer has closed. Readers
 * inside the simulator await `read()`; the engine iterates it as a
 * ByteSource. Writers are counted, as open file descriptions are, so a
 * background child holding stdout keeps the reader waiting.
 */
export class Pipe {
  private chunks: Uint8Array[] = [];
  private writers = 0;
  private everOpened = false;
  private waiting: Array<() => void> = [];
  private readerGone = false;

  openWriter(): void {
    this.writers++;
    this.everOpened = true;
  }

  closeWriter(): void {
    if (this.writers > 0) this.writers--;
    if (this.writers === 0) this.wake();
  }

  /** The reading side went away: writers get EPIPE (and data is dropped). */
  closeReader(): void {
    this.readerGone = true;
    this.chunks = [];
  }

  get broken(): boolean {
    return this.readerGone;
  }

  write(data: Uint8Array): boolean {
    if (this.readerGone) return false;
    if (data.length > 0) this.chunks.push(data.slice());
    this.wake();
    return true;
  }

  /** The next chunk, or null at end-of-file. */
  async read(): Promise<Uint8Array | null> {
    for (;;) {
      const c = this.chunks.shift();
      if (c) return c;
      if (this.everOpened && this.writers === 0) return null;
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  source(): ByteSource {
    return { [Symbol.asyncIterator]: () => ({ next: async () => { const c = await this.read(); return c ? { value: c, done: false } : { value: undefined, done: true }; } }) };
  }

  /** A sink for the engine: it is one writer of its own. */
  sink(): ByteSink {
    this.openWriter();
    let open = true;
    return {
      write: async (d) => { if (open) this.write(typeof d === 'string' ? new TextEncoder().encode(d) : d); },
      end: async () => { if (open) { open = false; this.closeWriter(); } },
    };
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = [];
    for (const r of w) r();
  }
}
