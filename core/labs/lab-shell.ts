import type { ApiContext } from '../api/api-context.js';
import type { HijackedConn } from '../api/http-types.js';
import { inProcessTransport } from '../api/in-process-transport.js';
import { route } from '../api/router.js';
import type { ApiTransport } from '../cli/docker/transport.js';
import { DockbookError } from '../errors.js';
import type { ShellEnd } from '../web-api/lab-protocol.js';
import { ByteQueue } from './byte-queue.js';
import { labContainerNotRunning, noSuchLabContainer } from './lab-errors.js';

/** Where a shell's output and its end go: the tab that opened it. */
export interface ShellSink {
  output(text: string): void;
  exit(exitCode: number | null, reason: ShellEnd): void;
}

export interface ShellSize {
  readonly cols: number;
  readonly rows: number;
}

/** A hung-up shell gets this long to go before SIGKILL. */
const HANGUP_GRACE_MS = 1000;
const KILL_WAIT_MS = 5000;
const POLL_MS = 25;

interface ExecState {
  readonly Running: boolean;
  readonly ExitCode: number | null;
  readonly Pid: number;
}

function apiError(r: { status: number; body: unknown }, what: string): DockbookError {
  const message = (r.body as { message?: string } | null)?.message ?? `${what} answered ${r.status}`;
  return new DockbookError(r.status === 404 ? 'E_NOT_FOUND' : r.status === 409 ? 'E_CONFLICT' : 'E_INTERNAL', message);
}

/**
 * One learner's `docker exec -it CONTAINER sh` into a container of the lab,
 * made through the lab engine's Engine API as the docker client makes it
 * (create the exec, start it with a TTY, resize, inspect for the exit code),
 * so whatever the engine does for a TTY exec, this shell gets. Ending it
 * hangs the shell up as closing a terminal window would (SIGHUP, then
 * SIGKILL), and waits until the process is gone.
 */
export class LabShell {
  private readonly input = new ByteQueue();
  private readonly conn: HijackedConn;
  private readonly decoder = new TextDecoder();
  private readonly encoder = new TextEncoder();
  private reason: ShellEnd = 'exited';
  private hostPid = 0;
  private done: Promise<void> = Promise.resolve();

  private constructor(private readonly ctx: ApiContext, private readonly api: ApiTransport, readonly execId: string, private readonly sink: ShellSink) {
    this.conn = {
      write: (d) => sink.output(typeof d === 'string' ? d : this.decoder.decode(d, { stream: true })),
      input: this.input,
      end: () => {},
      closed: { aborted: false },
    };
  }

  /** Starts `sh` on a new terminal in the named container; resolves once the process runs. */
  static async open(ctx: ApiContext, container: string, size: ShellSize, sink: ShellSink): Promise<LabShell> {
    const rec = (() => {
      try {
        return ctx.engine.resolve(container);
      } catch {
        throw noSuchLabContainer(container, ctx.engine.list(true).map((c) => c.Name.replace(/^\//, '')));
      }
    })();
    if (!rec.State.Running) throw labContainerNotRunning(container);
    const api = inProcessTransport(ctx);
    const created = await api.request({
      method: 'POST', path: `/containers/${rec.Id}/exec`,
      body: { Cmd: ['sh'], Tty: true, AttachStdin: true, AttachStdout: true, AttachStderr: true, ConsoleSize: [size.rows, size.cols] },
    });
    if (created.status >= 400) throw apiError(created, 'exec create');
    const shell = new LabShell(ctx, api, (created.body as { Id: string }).Id, sink);
    await shell.start();
    return shell;
  }

  private async start(): Promise<void> {
    const started = await route(this.ctx, { method: 'POST', path: `/exec/${this.execId}/start`, query: {}, body: { Detach: false, Tty: true } });
    if (started.kind !== 'hijack') throw apiError(started.kind === 'json' ? started : { status: 500, body: null }, 'exec start');
    let settled = false;
    let failure: unknown = null;
    const run = started.run(this.conn).catch((e: unknown) => { failure = e; }).finally(() => { settled = true; });
    // The stream's handler starts the process itself: wait for it, or for the reason it could not.
    while (!settled && (this.hostPid = (await this.state()).Pid) <= 0) await this.ctx.kernel.sleep(POLL_MS);
    if (failure) throw failure;
    this.done = this.finish(run);
  }

  private async state(): Promise<ExecState> {
    const r = await this.api.request({ method: 'GET', path: `/exec/${this.execId}/json` });
    if (r.status >= 400) throw apiError(r, 'exec inspect');
    return r.body as ExecState;
  }

  /** The stream ends when the shell exits, or when it was let go (closed, or detached with ctrl-p ctrl-q): then it is hung up. */
  private async finish(run: Promise<void>): Promise<void> {
    await run;
    let exitCode: number | null = null;
    try {
      if ((await this.state()).Running) await this.hangUp();
      exitCode = (await this.state()).ExitCode;
    } catch { /* the exec is gone with its engine: there is no code to report */ }
    const tail = this.decoder.decode();
    if (tail) this.sink.output(tail);
    this.sink.exit(exitCode, this.reason);
  }

  private async hangUp(): Promise<void> {
    const { Pid: pid } = await this.state();
    await this.ctx.kernel.kill(pid, 'SIGHUP').catch(() => {});
    if (await this.until(HANGUP_GRACE_MS)) return;
    await this.ctx.kernel.kill(pid, 'SIGKILL').catch(() => {});
    await this.until(KILL_WAIT_MS);
  }

  /** True once the exec's process has gone, within `ms`. */
  private async until(ms: number): Promise<boolean> {
    const deadline = this.ctx.kernel.monotonic() + ms;
    for (;;) {
      if (!(await this.state()).Running) return true;
      if (this.ctx.kernel.monotonic() >= deadline) return false;
      await this.ctx.kernel.sleep(POLL_MS);
    }
  }

  /** The shell's process as the host numbers it, once it runs. */
  get pid(): number {
    return this.hostPid;
  }

  write(data: string): void {
    this.input.push(this.encoder.encode(data));
  }

  async resize(size: ShellSize): Promise<void> {
    const r = await this.api.request({ method: 'POST', path: `/exec/${this.execId}/resize`, query: { h: size.rows, w: size.cols } });
    if (r.status >= 400) throw apiError(r, 'exec resize');
  }

  /** Ends the shell and resolves when its process is gone and its exit was reported. */
  close(reason: ShellEnd): Promise<void> {
    if (!this.conn.closed.aborted) {
      this.reason = reason;
      this.conn.closed.aborted = true;
      this.input.end();
    }
    return this.done;
  }

  /** Resolves when the shell has ended, however it ended. */
  get ended(): Promise<void> {
    return this.done;
  }
}
