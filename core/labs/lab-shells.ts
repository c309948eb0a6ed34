import type { ApiContext } from '../api/api-context.js';
import { asDockbookError } from '../errors.js';
import type { LabServerMessage, ShellClientMessage, ShellEnd } from '../web-api/lab-protocol.js';
import { noLabRunning, shellInUse } from './lab-errors.js';
import { LabShell } from './lab-shell.js';

/** One watcher of the lab: a WebSocket tab, or the page that owns a worker. */
export interface LabPeer {
  send(msg: LabServerMessage): void;
}

/**
 * The learners' shells, by the tab that opened each. A shell's bytes go to
 * that tab alone: it is one person's keyboard and screen, and two tabs
 * typing into one terminal (or watching someone else's half-typed lines)
 * would teach nothing. What the exec does in the kernel still reaches every
 * tab through the lab's shared timeline.
 */
export class LabShells {
  private readonly byPeer = new Map<LabPeer, Map<string, Promise<LabShell | null>>>();

  private of(peer: LabPeer): Map<string, Promise<LabShell | null>> {
    let m = this.byPeer.get(peer);
    if (!m) this.byPeer.set(peer, (m = new Map()));
    return m;
  }

  /** `ctx` is the running lab's engine, null when no lab runs. */
  receive(ctx: ApiContext | null, peer: LabPeer, msg: ShellClientMessage): void {
    const shells = this.of(peer);
    const fail = (e: unknown) => {
      const err = asDockbookError(e);
      peer.send({ type: 'shell-failure', shell: msg.shell, code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) });
    };
    switch (msg.type) {
      case 'shell-open': {
        if (!ctx) return fail(noLabRunning());
        if (shells.has(msg.shell)) return fail(shellInUse(msg.shell));
        const sink = {
          output: (data: string) => peer.send({ type: 'shell-output', shell: msg.shell, data }),
          exit: (exitCode: number | null, reason: ShellEnd) => {
            shells.delete(msg.shell);
            peer.send({ type: 'shell-exit', shell: msg.shell, exitCode, reason });
          },
        };
        const opening = LabShell.open(ctx, msg.container, { cols: msg.cols, rows: msg.rows }, sink).then(
          (shell) => {
            peer.send({ type: 'shell-opened', shell: msg.shell, container: msg.container, execId: shell.execId, pid: shell.pid });
            return shell;
          },
          (e: unknown) => {
            shells.delete(msg.shell);
            fail(e);
            return null;
          },
        );
        shells.set(msg.shell, opening);
        return;
      }
      case 'shell-input':
        void shells.get(msg.shell)?.then((s) => s?.write(msg.data));
        return;
      case 'shell-resize':
        void shells.get(msg.shell)?.then((s) => s?.resize({ cols: msg.cols, rows: msg.rows })).catch(fail);
        return;
      case 'shell-close':
        void shells.get(msg.shell)?.then((s) => s?.close('closed'));
        return;
    }
  }

  /** A tab went away: its shells are hung up. */
  async leave(peer: LabPeer): Promise<void> {
    const shells = this.byPeer.get(peer);
    this.byPeer.delete(peer);
    await Promise.all([...(shells?.values() ?? [])].map((p) => p.then((s) => s?.close('closed'))));
  }

  /** The lab is going (reset, another lab, teardown): every shell ends first, while its engine is still there. */
  async closeAll(reason: ShellEnd): Promise<void> {
    const all = [...this.byPeer.values()].flatMap((m) => [...m.values()]);
    await Promise.all(all.map((p) => p.then((s) => s?.close(reason))));
  }

  /** How many shells are open or opening. */
  get count(): number {
    return [...this.byPeer.values()].reduce((n, m) => n + m.size, 0);
  }
}
