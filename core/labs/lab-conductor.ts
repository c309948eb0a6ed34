import { asDockbookError, DockbookError } from '../errors.js';
import type { LabClientMessage, LabServerMessage, ShellClientMessage } from '../web-api/lab-protocol.js';
import { findLab } from '../../labs/index.js';
import type { LabEvent } from './lab-events.js';
import type { LabHost } from './lab-host.js';
import { LabSession } from './lab-session.js';
import { LabShells, type LabPeer } from './lab-shells.js';

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
  private readonly shells = new LabShells();
  /** Who hears about the lab's containers changing, while a session runs. */
  private unwatch: (() => void) | null = null;
  /** A message without a sender (the worker has one page) answers everyone. */
  private readonly everyone: LabPeer = { send: (msg) => this.opts.broadcast(msg) };

  constructor(private readonly opts: LabConductorOptions) {}

  /** The lab's containers now, for the shells a learner can open. */
  containers(): LabServerMessage {
    const ctx = this.session?.engineApi() ?? null;
    const list = ctx ? ctx.engine.list(true).map((c) => ({ name: c.Name.replace(/^\//, ''), running: c.State.Running })) : [];
    return { type: 'containers', containers: list };
  }

  private isShell(msg: LabClientMessage): msg is ShellClientMessage {
    return msg.type.startsWith('shell-');
  }

  /** A watcher left (its tab closed): the shells it opened are hung up. */
  leave(peer: LabPeer): Promise<void> {
    return this.shells.leave(peer);
  }

  /** What a new watcher needs first: the lab and everything that happened in it so far. */
  history(): LabServerMessage {
    return { type: 'history', lab: this.session?.lab.id ?? null, events: this.events };
  }

  /** `from`: the tab that sent it, which alone hears its shells' bytes. */
  receive(msg: LabClientMessage, from: LabPeer = this.everyone): void {
    // A shell is a learner typing while the lab runs: it waits for no step.
    if (this.isShell(msg)) {
      this.shells.receive(this.session?.engineApi() ?? null, from, msg);
      return;
    }
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

  private async handle(msg: Exclude<LabClientMessage, ShellClientMessage | { type: 'continue' | 'reset' | 'finish-step' }>): Promise<void> {
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
        this.watchContainers();
        return;
      }
      case 'step':
        if (!this.session) throw new DockbookError('E_USAGE', 'open a lab first', { hint: 'pick a lab from the list' });
        await this.session.runStep(msg.index, { stepThrough: msg.stepThrough });
        return;
    }
  }

  /** A container started, stopped or went: the list of shells changes with it. */
  private watchContainers(): void {
    const ctx = this.session?.engineApi();
    if (!ctx) return;
    this.opts.broadcast(this.containers());
    this.unwatch = ctx.engine.events.subscribe((e) => {
      if (e.Type === 'container' && /^(create|start|die|destroy|rename)$/.test(e.Action)) this.opts.broadcast(this.containers());
    });
  }

  /** Teardown always runs: the shells end, the lab's containers go, then its sandbox. */
  async reset(): Promise<void> {
    const session = this.session;
    const host = this.host;
    this.session = null;
    this.host = null;
    this.events = [];
    this.unwatch?.();
    this.unwatch = null;
    // A held kernel call would keep a hung-up shell from ending.
    session?.runToEnd();
    await this.shells.closeAll('reset');
    if (session) await session.close().catch(() => {});
    if (host) await host.dispose().catch(() => {});
  }
}
