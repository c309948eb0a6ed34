/** Engine events, shaped like Docker's /events messages. */
export interface EngineEvent {
  readonly Type: 'container' | 'image' | 'network' | 'volume';
  readonly Action: string;
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export type TimedEvent = EngineEvent & { readonly time: number; readonly timeNano: number };

export class EngineEvents {
  private readonly listeners = new Set<(e: TimedEvent) => void>();

  /** The engine's clock (virtual in the simulator). */
  constructor(private readonly now: () => number) {}

  subscribe(listener: (e: TimedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: EngineEvent): void {
    const ms = this.now();
    const timed = { ...e, time: Math.floor(ms / 1000), timeNano: ms * 1e6 };
    for (const l of this.listeners) {
      try { l(timed); } catch { /* one broken listener must not stop the engine */ }
    }
  }
}
