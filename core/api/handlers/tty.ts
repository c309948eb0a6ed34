import { DockbookError } from '../../errors.js';
import { startOrSay } from './exec-start.js';
import { DEFAULT_DETACH_KEYS, DetachScanner, parseDetachKeys } from '../../engine/detach-keys.js';
import { notRunning } from '../../engine/engine-errors.js';
import type { ContainerRecordV1 } from '../../engine/model.js';
import type { Terminal } from '../../engine/terminals.js';
import type { ApiContext } from '../api-context.js';
import { json, truthy, type ApiRequest, type ApiResult, type HijackedConn } from '../http-types.js';

/** With a TTY there is one stream and no multiplexing header: the bytes go as the terminal gives them. */
const RAW = 'application/vnd.docker.raw-stream';

/**
 * The client's keystrokes into the terminal until the detach keys (then
 * true), or until its input ends (false).
 */
async function typeInto(t: Terminal, conn: HijackedConn, keys: readonly number[]): Promise<boolean> {
  const scanner = new DetachScanner(keys);
  try {
    for await (const chunk of conn.input) {
      const { pass, detach } = scanner.feed(chunk);
      if (pass.length) await t.write(pass);
      if (detach) return true;
    }
  } catch { /* the client went away */ }
  return false;
}

/** Resolves once the client's connection is gone. */
async function whenClosed(ctx: ApiContext, conn: HijackedConn, done: { value: boolean }): Promise<void> {
  while (!done.value && !conn.closed.aborted) await ctx.kernel.sleep(200);
}

/**
 * attach to a container with a TTY: the terminal's output raw, the client's
 * input to its keyboard (with -i), until the container's programs close the
 * terminal, the client types the detach keys, or goes away. docker's client
 * attaches before it starts the container: this waits for the terminal.
 */
export function ttyAttach(ctx: ApiContext, rec: ContainerRecordV1, req: ApiRequest): ApiResult {
  const keys = parseDetachKeys(req.query['detachKeys'] || DEFAULT_DETACH_KEYS);
  const stdin = truthy(req.query['stdin']) && rec.Config.OpenStdin;
  return {
    kind: 'hijack', contentType: RAW,
    run: async (conn) => {
      const release = ctx.engine.holdRemoval(rec.Id);
      const done = { value: false };
      try {
        const t = await ctx.engine.terminals.next(rec.Id, conn.closed);
        if (!t) return;
        const stop = t.listen((d) => conn.write(d));
        const detached = stdin ? typeInto(t, conn, keys).then((d) => (d ? undefined : new Promise<void>(() => {}))) : new Promise<void>(() => {});
        await Promise.race([t.ended, detached, whenClosed(ctx, conn, done)]);
        stop();
      } finally {
        done.value = true;
        release();
        conn.end();
      }
    },
  };
}

/** exec start with a TTY: as attach, and the stream ends when the exec's program has exited. */
export function ttyExecStart(ctx: ApiContext, id: string, detachKeys: string | undefined): ApiResult {
  const keys = parseDetachKeys(detachKeys || DEFAULT_DETACH_KEYS);
  return {
    kind: 'hijack', contentType: RAW,
    run: async (conn) => {
      const done = { value: false };
      try {
        const proc = await startOrSay(ctx, id, conn, (text) => text);
        if (!proc) return;
        const t = ctx.engine.terminals.get(id);
        if (!t) return;
        const stop = t.listen((d) => conn.write(d));
        const session = ctx.engine.execs.get(id);
        const detached = session.config.AttachStdin
          ? typeInto(t, conn, keys).then((d) => (d ? undefined : new Promise<void>(() => {})))
          : new Promise<void>(() => {});
        await Promise.race([Promise.all([t.ended, proc.exited]), detached, whenClosed(ctx, conn, done)]);
        stop();
      } finally {
        done.value = true;
        conn.end();
      }
    },
  };
}

function size(req: ApiRequest): [number, number] {
  const h = Number(req.query['h']);
  const w = Number(req.query['w']);
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 0 || w < 0 || h > 0xffff || w > 0xffff) {
    throw new DockbookError('E_INVALID_ARGUMENT', `invalid terminal size: h=${req.query['h'] ?? ''} w=${req.query['w'] ?? ''}`, { hint: 'h and w are rows and columns, 0 to 65535' });
  }
  return [h, w];
}

/** POST /containers/{id}/resize: the container's terminal takes the client's window size. */
export async function resizeContainer(ctx: ApiContext, id: string, req: ApiRequest): Promise<ApiResult> {
  const rec = ctx.engine.resolve(id);
  const [h, w] = size(req);
  if (!rec.State.Running) throw notRunning(rec.Id);
  await ctx.engine.terminals.get(rec.Id)?.resize(h, w);
  return json({});
}

/** How long a resize waits for an exec's terminal, as dockerd's ContainerExecResize does. */
const EXEC_READY_MS = 10_000;

/**
 * POST /exec/{id}/resize. The client sends it as it starts the exec, so it can
 * come before the terminal exists: like dockerd, wait for the exec to start
 * (a bounded while) instead of dropping the size.
 */
export async function resizeExec(ctx: ApiContext, id: string, req: ApiRequest): Promise<ApiResult> {
  const session = ctx.engine.execs.get(id);
  const [h, w] = size(req);
  let t = ctx.engine.terminals.get(id);
  if (!t && session.config.Tty && session.exitCode === null) {
    const cancelled = { aborted: false };
    const timer = setTimeout(() => { cancelled.aborted = true; }, EXEC_READY_MS);
    try {
      t = await ctx.engine.terminals.next(id, cancelled);
    } finally {
      clearTimeout(timer);
    }
  }
  await t?.resize(h, w);
  return json({});
}
