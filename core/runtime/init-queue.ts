import { stopsBatch, type InitCall } from '../kernel/init-batch.js';
import type { KernelError } from '../kernel/kernel-error.js';
import type { InInit, Kernel } from '../kernel/kernel.js';

export interface QueueOptions {
  /** errnos that are no failure to the caller (EEXIST for a node already there): the calls after it go on. */
  readonly ignore?: readonly string[];
  /**
   * Handles a failure, as a catch around the call would (a fallback such as
   * binding the host's node when mknod is refused). The calls queued after it
   * run once it is done; its own calls go straight to the kernel.
   */
  readonly onError?: (e: KernelError) => Promise<void>;
}

interface Queued extends QueueOptions {
  readonly call: InitCall;
  readonly settle?: (value: unknown) => void;
}

/** Most calls in one batch: the frame stays far below the init's 4096 fields. */
const MAX_BATCH = 1024;

/**
 * The calls that build a container inside its init, sent in batches: code
 * queues calls whose results it does not need, and they go to the init
 * together when a result is needed (`result`) or the caller is done
 * (`flush`). The calls run in the order they were queued, exactly as awaiting
 * each would; a failure stops the batch there, and is thrown from the flush
 * unless it is ignored or handled.
 */
export class InitQueue {
  private pending: Queued[] = [];

  constructor(private readonly kernel: Kernel, readonly within: InInit) {}

  add(call: InitCall, opts: QueueOptions = {}): void {
    this.pending.push({ call, ...opts });
  }

  /**
   * Queues a call whose result is wanted: the promise resolves when its batch
   * has run (a failure is thrown from the flush instead).
   */
  later<C extends InitCall>(call: C): Promise<Awaited<ReturnType<Kernel[C['call']]>>> {
    return new Promise((settle) => {
      this.pending.push({ call, settle: settle as (v: unknown) => void });
    });
  }

  /** Runs everything queued and then `call`, and returns what the call returned. */
  async result<C extends InitCall>(call: C): Promise<Awaited<ReturnType<Kernel[C['call']]>>> {
    const value = this.later(call);
    await this.flush();
    return value;
  }

  async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) await this.runBatch(this.pending.splice(0, MAX_BATCH));
    } catch (e) {
      this.pending = [];
      throw e;
    }
  }

  private async runBatch(batch: Queued[]): Promise<void> {
    const calls = batch.map((q): InitCall => (q.ignore?.length ? { ...q.call, tolerate: [...(q.call.tolerate ?? []), ...q.ignore] } : q.call));
    const outcomes = await this.kernel.initBatch(this.within.init, calls);
    for (const [i, o] of outcomes.entries()) {
      const q = batch[i]!;
      if (o.ok) {
        q.settle?.(o.value);
        continue;
      }
      if (!stopsBatch(calls[i]!, o)) continue;
      // The init stopped here: what was queued after this call waits for its handler.
      this.pending.unshift(...batch.slice(i + 1));
      if (!q.onError) throw o.error;
      await q.onError(o.error);
      return;
    }
    this.pending.unshift(...batch.slice(outcomes.length));
  }
}
