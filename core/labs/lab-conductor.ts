import { asDockbookError, DockbookError } from '../errors.js';
import type { LabClientMessage, LabServerMessage } from '../web-api/lab-protocol.js';
import { findLab } from '../../labs/index.js';
import type { LabEvent } from './lab-events.js';
import type { LabHost } from './lab-host.js';
import { LabSession } from './lab-session.js';

export interface LabConductorOptions {
  /** A fresh place for one lab's engine: a real-kernel sandbox, or a simulated machine. */
  readonly openHost: () => Promise<LabHost>;
  /** Sends to every watcher (the WebSocket's tabs, or the page that owns a worker). */
  readonly broadcast: (msg: LabServerMessage) => void;
}

/**
 * Runs the lab UI's messages against one lab session at a time, whatever
 * carries them: the lab server's WebSocket on a real host, or postMessage
 * to a worker in a browser with no server at all. Keeps every event so a
 * watcher that arrives late replays the same stream.
 */
export class LabConductor {
  private session: LabSession | null = null;
  private host: LabHost | null = null;
  private events: LabEvent[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: LabConductorOptions) {}

  /** What a new watcher needs first: the lab and everything that happened in it so far. */
  history(): LabServerMessage {
    return { type: 'history', lab: this.session?.lab.id ?? null, events: this.events };
  }

  receive(msg: LabClientMessage): void {
    // Continue and reset must get through while a step waits on a held call; the rest queues.
    if (msg.type === 'continue') {
      this.session?.continueCall();
      return;
    }
    if (msg.type === 'finish-step') {
      this.session?.runToEnd();
      return;
    }
    if (msg.type === 'reset') {
      void this.reset().then(() => this.opts.broadcast({ type: 'reset' }));
      return;
    }
    this.queue = this.queue.then(() => this.handle(msg)).catch((e: unknown) => {
      const err = asDockbookError(e);
      this.opts.broadcast({ type: 'failure', code: err.code, message: err.message });
    });
  }

  private async handle(msg: Exclude<LabClientMessage, { type: 'continue' | 'reset' | 'finish-step' }>): Promise<void> {
    switch (msg.type) {
      case 'open': {
        const lab = findLab(msg.lab);
        if (!lab) throw new DockbookError('E_NOT_FOUND', `no lab "${msg.lab}"`, { hint: 'the lab list shows the ids' });
        await this.reset();
        this.host = await this.opts.openHost();
        const session: LabSession = new LabSession({
          lab, kernel: this.host.kernel, paths: this.host.paths, networkHost: this.host.networkHost, liveTopology: true,
          listener: (event) => {
            // A session being torn down by reset still reports its teardown: that is no longer the current lab's story.
            if (this.session !== session) return;
            this.events.push(event);
            this.opts.broadcast({ type: 'event', event });
          },
        });
        this.session = session;
        await session.open();
        return;
      }
      case 'step':
        if (!this.session) throw new DockbookError('E_USAGE', 'open a lab first', { hint: 'pick a lab from the list' });
        await this.session.runStep(msg.index, { stepThrough: msg.stepThrough });
        return;
    }
  }

  /** Teardown always runs: the lab's containers go, then its sandbox. */
  async reset(): Promise<void> {
    const session = this.session;
    const host = this.host;
    this.session = null;
    this.host = null;
    this.events = [];
    if (session) await session.close().catch(() => {});
    if (host) await host.dispose().catch(() => {});
  }
}
