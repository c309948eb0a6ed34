import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { asDockbookError, DockbookError } from '../../errors.js';
import type { Kernel } from '../../kernel/kernel.js';
import { linuxLabHost, simLabHost, type LabHost } from '../../labs/lab-host.js';
import type { LabEvent } from '../../labs/lab-events.js';
import { LabSession } from '../../labs/lab-session.js';
import type { LabClientMessage, LabServerMessage } from '../../web-api/lab-protocol.js';
import { findLab } from '../../../labs/index.js';

/**
 * The lab that is running on this machine, shared by every tab that watches
 * it: one session at a time (a lab machine has one engine to teach with),
 * its events broadcast to all, and replayed to a tab that joins late.
 */
export class LiveLab {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<WebSocket>();
  private session: LabSession | null = null;
  private host: LabHost | null = null;
  private history: LabEvent[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  /** `kernel` null: no real-mode host, labs run in the simulator. */
  constructor(private readonly kernel: Kernel | null) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.join(ws));
  }

  private join(ws: WebSocket): void {
    this.clients.add(ws);
    this.send(ws, { type: 'history', lab: this.session?.lab.id ?? null, events: this.history });
    ws.on('close', () => this.clients.delete(ws));
    ws.on('message', (data) => {
      let msg: LabClientMessage;
      try {
        msg = JSON.parse(String(data)) as LabClientMessage;
      } catch {
        this.send(ws, { type: 'failure', code: 'E_BAD_JSON', message: 'messages are JSON' });
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
        void this.reset().then(() => this.broadcast({ type: 'reset' }));
        return;
      }
      this.queue = this.queue.then(() => this.handle(msg)).catch((e: unknown) => {
        const err = asDockbookError(e);
        this.broadcast({ type: 'failure', code: err.code, message: err.message });
      });
    });
  }

  private async handle(msg: Exclude<LabClientMessage, { type: 'continue' | 'reset' | 'finish-step' }>): Promise<void> {
    switch (msg.type) {
      case 'open': {
        const lab = findLab(msg.lab);
        if (!lab) throw new DockbookError('E_NOT_FOUND', `no lab "${msg.lab}"`);
        await this.reset();
        this.host = this.kernel ? await linuxLabHost(this.kernel, 'dockbook-lab') : simLabHost();
        this.session = new LabSession({
          lab, kernel: this.host.kernel, paths: this.host.paths, networkHost: this.host.networkHost,
          listener: (event) => { this.history.push(event); this.broadcast({ type: 'event', event }); },
        });
        await this.session.open();
        return;
      }
      case 'step':
        if (!this.session) throw new DockbookError('E_USAGE', 'open a lab first');
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
    this.history = [];
    if (session) await session.close().catch(() => {});
    if (host) await host.dispose().catch(() => {});
  }

  private send(ws: WebSocket, msg: LabServerMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  }

  private broadcast(msg: LabServerMessage): void {
    for (const ws of this.clients) this.send(ws, msg);
  }

  async close(): Promise<void> {
    await this.reset();
    for (const ws of this.clients) ws.terminate();
    this.wss.close();
  }
}
