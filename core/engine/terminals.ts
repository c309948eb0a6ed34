import type { Kernel } from '../kernel/kernel.js';
import type { PtyStream } from '../kernel/types.js';

type Listener = (chunk: Uint8Array) => void;

/** One pty whose master the engine holds: a container's (`run -t`) or an exec's (`exec -t`). */
export class Terminal {
  private readonly listeners = new Set<Listener>();
  /** Resolves when every program on the terminal has closed it. */
  readonly ended: Promise<void>;

  constructor(private readonly kernel: Kernel, readonly masterFd: number, private readonly stream: PtyStream, onOutput: Listener) {
    // Read all the time, attached or not: a terminal nobody drains blocks its programs.
    this.ended = (async () => {
      for await (const chunk of stream.source) {
        onOutput(chunk);
        for (const l of this.listeners) l(chunk);
      }
    })().catch(() => {}).finally(() => stream.close());
  }

  /** Output from now on, until the returned function is called. */
  listen(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  write(data: Uint8Array): Promise<void> {
    return this.stream.sink.write(data);
  }

  resize(rows: number, cols: number): Promise<void> {
    return this.kernel.ptyResize(this.masterFd, rows, cols);
  }

  close(): void {
    this.stream.close();
  }
}

/**
 * The engine's terminals, by container or exec id. Docker's client attaches
 * before it starts a container, so an attach may wait here for a terminal
 * that does not exist yet.
 */
export class Terminals {
  private readonly open = new Map<string, Terminal>();
  private readonly waiting = new Map<string, ((t: Terminal) => void)[]>();

  constructor(private readonly kernel: Kernel) {}

  /** Starts relaying a master the runtime handed over (the slave is the program's, inside its container). */
  async attach(id: string, masterFd: number, onOutput: Listener = () => {}, size?: readonly [number, number]): Promise<Terminal> {
    if (size && size[0] > 0 && size[1] > 0) await this.kernel.ptyResize(masterFd, size[0], size[1]).catch(() => {});
    const t = new Terminal(this.kernel, masterFd, await this.kernel.ptyStream(masterFd), onOutput);
    this.open.set(id, t);
    for (const w of this.waiting.get(id) ?? []) w(t);
    this.waiting.delete(id);
    void t.ended.then(() => { if (this.open.get(id) === t) this.open.delete(id); });
    return t;
  }

  get(id: string): Terminal | null {
    return this.open.get(id) ?? null;
  }

  /** The terminal now, or the next one opened for `id`; null if `cancelled` says stop first. */
  async next(id: string, cancelled: { aborted: boolean }, current = true): Promise<Terminal | null> {
    const t = current ? this.open.get(id) : undefined;
    if (t) return t;
    let resolve!: (t: Terminal | null) => void;
    const p = new Promise<Terminal | null>((r) => { resolve = r; });
    const list = this.waiting.get(id) ?? [];
    list.push(resolve);
    this.waiting.set(id, list);
    let settled = false;
    void (async () => {
      while (!settled) {
        await this.kernel.sleep(200);
        if (cancelled.aborted) resolve(null);
      }
    })();
    try {
      return await p;
    } finally {
      settled = true;
      const rest = (this.waiting.get(id) ?? []).filter((w) => w !== resolve);
      if (rest.length) this.waiting.set(id, rest);
      else this.waiting.delete(id);
    }
  }
}
