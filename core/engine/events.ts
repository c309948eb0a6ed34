/** Engine events, as Docker's /events messages carry them. */
export interface EngineEvent {
  readonly Type: 'container' | 'image' | 'network' | 'volume' | 'daemon';
  /** `create`, `die`, … (exec events carry their command: `exec_create: sh -c …`). */
  readonly Action: string;
  /** The actor: a container, image or network id, or a volume name. */
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export type TimedEvent = EngineEvent & {
  /** Unix seconds. */
  readonly time: number;
  /** Unix nanoseconds (milliseconds on this clock, scaled). */
  readonly timeNano: number;
  /** Emission order: two events in the same millisecond keep theirs. */
  readonly seq: number;
};

/** dockerd keeps the last 256 events for `docker events --since`; so does this engine. */
export const EVENT_HISTORY = 256;

export class EngineEvents {
  private readonly listeners = new Set<(e: TimedEvent) => void>();
  private readonly history: TimedEvent[] = [];
  private seq = 0;

  /** The engine's clock (virtual in the simulator). */
  constructor(private readonly now: () => number) {}

  subscribe(listener: (e: TimedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Past events from `sinceMs` to `untilMs` (inclusive), oldest first. */
  past(sinceMs: number, untilMs = Number.POSITIVE_INFINITY): TimedEvent[] {
    return this.history.filter((e) => e.timeNano / 1e6 >= sinceMs && e.timeNano / 1e6 <= untilMs);
  }

  emit(e: EngineEvent): void {
    const ms = this.now();
    const timed: TimedEvent = { ...e, time: Math.floor(ms / 1000), timeNano: Math.round(ms * 1e6), seq: ++this.seq };
    this.history.push(timed);
    if (this.history.length > EVENT_HISTORY) this.history.shift();
    for (const l of this.listeners) {
      try { l(timed); } catch { /* one broken listener must not stop the engine */ }
    }
  }

  /**
   * Network events, for the network service to call: `create` and `destroy`
   * with `{name, type}`, `connect` and `disconnect` with `{container, name, type}`.
   * The actor is the network's id.
   */
  network(action: 'create' | 'connect' | 'disconnect' | 'destroy' | 'remove', networkId: string, attributes: Readonly<Record<string, string>>): void {
    this.emit({ Type: 'network', Action: action, id: networkId, attributes });
  }

  /** Image events: `tag`/`untag` (with `{name}`), `delete`, `pull`, `load`, `import`, `save`. The actor is the image id or reference. */
  image(action: 'tag' | 'untag' | 'delete' | 'pull' | 'load' | 'import' | 'save' | 'push', ref: string, attributes: Readonly<Record<string, string>> = {}): void {
    this.emit({ Type: 'image', Action: action, id: ref, attributes });
  }

  /** Volume events: `create`, `destroy` (with `{driver}`), `mount`/`unmount` (with `{container, destination, driver, propagation, read/write}`). */
  volume(action: 'create' | 'destroy' | 'mount' | 'unmount', name: string, attributes: Readonly<Record<string, string>>): void {
    this.emit({ Type: 'volume', Action: action, id: name, attributes });
  }
}
