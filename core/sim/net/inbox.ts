/** Items in arrival order for one reader, then an end (with an error when the end was abrupt). */
export class Inbox<T> {
  private items: T[] = [];
  private ended = false;
  error: string | null = null;
  private waiting: Array<() => void> = [];

  push(item: T): void {
    if (this.ended) return;
    this.items.push(item);
    this.wake();
  }

  end(error: string | null = null): void {
    if (this.ended) return;
    this.ended = true;
    this.error ??= error;
    this.wake();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** The next item, or null once ended and drained. */
  async next(): Promise<T | null> {
    for (;;) {
      if (this.items.length) return this.items.shift()!;
      if (this.ended) return null;
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = [];
    for (const r of w) r();
  }
}
