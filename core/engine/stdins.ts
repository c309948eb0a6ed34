import type { ByteSink } from '../kernel/types.js';

/**
 * The write ends of the stdin pipes of running containers created with
 * OpenStdin and no TTY (`docker run -i`), by container id. Docker's client
 * attaches before it starts the container, so an attach may wait here for a
 * pipe that does not exist yet.
 */
export class Stdins {
  private readonly open = new Map<string, ByteSink>();
  private readonly waiting = new Map<string, Set<(s: ByteSink | null) => void>>();

  /** The container started: its pipe's write end is now the engine's. */
  set(id: string, sink: ByteSink): void {
    this.open.set(id, sink);
    for (const w of this.waiting.get(id) ?? []) w(sink);
    this.waiting.delete(id);
  }

  /** The container stopped: the pipe goes, and whoever waits for one stops waiting. */
  drop(id: string): void {
    const sink = this.open.get(id);
    this.open.delete(id);
    void sink?.end().catch(() => {});
  }

  /** Gives up on a container that will not start (no pipe is coming). */
  cancel(id: string): void {
    for (const w of this.waiting.get(id) ?? []) w(null);
    this.waiting.delete(id);
  }

  /** The pipe now, or once the container starts; null if `gone` resolves first. */
  next(id: string, gone: Promise<unknown>): Promise<ByteSink | null> {
    const now = this.open.get(id);
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const list = this.waiting.get(id) ?? new Set();
      list.add(resolve);
      this.waiting.set(id, list);
      void gone.then(() => {
        list.delete(resolve);
        resolve(null);
      });
    });
  }
}
