import type { ByteSink, ByteSource } from '../kernel/types.js';
import type { SimProcess } from './process.js';
import { concat } from './sys.js';

const CR = 0x0d;
const NL = 0x0a;
const INTR = 0x03; // ^C
const EOF_CHAR = 0x04; // ^D
const ERASE = [0x7f, 0x08]; // DEL (what terminals send for Backspace), ^H

/**
 * A pseudo-terminal with the parts of the tty line discipline a shell on it
 * needs (termios defaults: ICANON ECHO ICRNL ONLCR ISIG). Keystrokes from the
 * master are echoed and collected into a line that a reader on the slave gets
 * at Enter; ^C sends SIGINT to the foreground, ^D at the start of a line is
 * end-of-file; output written on the slave reaches the master with `\n` as
 * `\r\n`. The window size is kept for TIOCGWINSZ (`stty size`).
 */
export class Pty {
  rows = 0;
  cols = 0;
  /** The process that made this its controlling terminal (the session leader). */
  session: SimProcess | null = null;
  /** Who gets ^C: the session's processes that hold the slave, found by the caller. */
  foreground: () => SimProcess[] = () => [];
  onSignal: (p: SimProcess, sig: number) => void = () => {};

  private line: number[] = [];
  /** Lines (or an end-of-file marker: null) ready for a reader on the slave. */
  private readonly ready: (Uint8Array | null)[] = [];
  private toMaster: Uint8Array[] = [];
  private slaveOpen = 0;
  private slaveEverOpened = false;
  private masterOpen = true;
  private waiting: (() => void)[] = [];

  constructor(readonly index: number) {}

  get slavePath(): string {
    return `/dev/pts/${this.index}`;
  }

  openSlave(): void {
    this.slaveOpen++;
    this.slaveEverOpened = true;
  }

  closeSlave(): void {
    if (this.slaveOpen > 0) this.slaveOpen--;
    this.wake();
  }

  /** The master closed: readers on the slave see end-of-file, the session gets SIGHUP. */
  hangup(): void {
    if (!this.masterOpen) return;
    this.masterOpen = false;
    if (this.session?.alive) this.onSignal(this.session, 1);
    this.wake();
  }

  get hungUp(): boolean {
    return !this.masterOpen;
  }

  // ── the master side: keyboard in, screen out ──
  keyboard(data: Uint8Array): void {
    for (const raw of data) {
      const b = raw === CR ? NL : raw;
      if (b === INTR) {
        this.line = [];
        this.echo([0x5e, 0x43, NL]); // ^C
        for (const p of this.foreground()) this.onSignal(p, 2);
      } else if (b === EOF_CHAR) {
        // Pushes the line as it is; at the start of a line that is a read of 0 bytes.
        this.ready.push(this.line.length ? Uint8Array.from(this.line) : null);
        this.line = [];
      } else if (ERASE.includes(b)) {
        if (this.line.length === 0) continue;
        this.line.pop();
        this.echo([0x08, 0x20, 0x08]);
      } else {
        this.line.push(b);
        this.echo([b]);
        if (b === NL) {
          this.ready.push(Uint8Array.from(this.line));
          this.line = [];
        }
      }
    }
    this.wake();
  }

  /** The next bytes for the screen, or null once no program holds the slave. */
  async readMaster(): Promise<Uint8Array | null> {
    for (;;) {
      if (this.toMaster.length) {
        const out = concat(this.toMaster);
        this.toMaster = [];
        return out;
      }
      if (!this.masterOpen || (this.slaveEverOpened && this.slaveOpen === 0)) return null;
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  masterSource(): ByteSource {
    return { [Symbol.asyncIterator]: () => ({ next: async () => { const c = await this.readMaster(); return c ? { value: c, done: false } : { value: undefined, done: true }; } }) };
  }

  masterSink(): ByteSink {
    const enc = new TextEncoder();
    return {
      write: async (d) => { if (this.masterOpen) this.keyboard(typeof d === 'string' ? enc.encode(d) : d); },
      end: async () => {},
    };
  }

  // ── the slave side: what the programs read and write ──
  /** One line in canonical mode; null at ^D on an empty line or after a hangup. */
  async readSlave(): Promise<Uint8Array | null> {
    for (;;) {
      if (this.ready.length) return this.ready.shift()!;
      if (!this.masterOpen) return null;
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  /** false once the master is gone (EIO). */
  writeSlave(data: Uint8Array): boolean {
    if (!this.masterOpen) return false;
    const out: number[] = [];
    for (const b of data) {
      if (b === NL) out.push(CR);
      out.push(b);
    }
    this.toMaster.push(Uint8Array.from(out));
    this.wake();
    return true;
  }

  private echo(bytes: number[]): void {
    this.writeSlave(Uint8Array.from(bytes));
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = [];
    for (const r of w) r();
  }
}
