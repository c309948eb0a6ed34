import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Kernel } from '../../kernel/kernel.js';
import { LabConductor } from '../../labs/lab-conductor.js';
import { linuxLabHost, simLabHost } from '../../labs/lab-host.js';
import type { LabClientMessage, LabServerMessage } from '../../web-api/lab-protocol.js';

/** Real-mode lab sandboxes are `/tmp/dockbook-lab-<random>` with a netns of the same name. */
export const LAB_SANDBOX_PREFIX = 'dockbook-lab';

/**
 * The lab that is running on this machine, shared by every tab that watches
 * it: one session at a time (a lab machine has one engine to teach with),
 * its events broadcast to all, and replayed to a tab that joins late.
 */
export class LiveLab {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<WebSocket>();
  private readonly conductor: LabConductor;

  /** `kernel` null: no real-mode host, labs run in the simulator. */
  constructor(kernel: Kernel | null) {
    this.conductor = new LabConductor({
      openHost: () => (kernel ? linuxLabHost(kernel, LAB_SANDBOX_PREFIX) : Promise.resolve(simLabHost(1, 'real-time'))),
      broadcast: (msg) => { for (const ws of this.clients) this.send(ws, msg); },
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.join(ws));
  }

  private join(ws: WebSocket): void {
    this.clients.add(ws);
    const peer = { send: (msg: LabServerMessage) => this.send(ws, msg) };
    this.send(ws, this.conductor.history());
    this.send(ws, this.conductor.containers());
    ws.on('close', () => {
      this.clients.delete(ws);
      void this.conductor.leave(peer);
    });
    ws.on('message', (data) => {
      let msg: LabClientMessage;
      try {
        msg = JSON.parse(String(data)) as LabClientMessage;
      } catch {
        this.send(ws, { type: 'failure', code: 'E_BAD_JSON', message: 'messages are JSON' });
        return;
      }
      this.conductor.receive(msg, peer);
    });
  }

  /** Teardown always runs: the lab's containers go, then its sandbox. */
  reset(): Promise<void> {
    return this.conductor.reset();
  }

  private send(ws: WebSocket, msg: LabServerMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  }

  async close(): Promise<void> {
    await this.conductor.reset();
    for (const ws of this.clients) ws.terminate();
    this.wss.close();
  }
}
