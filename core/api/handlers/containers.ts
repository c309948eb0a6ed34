import { DockbookError } from '../../errors.js';
import type { CreateRequest } from '../../engine/create-request.js';
import type { ExecConfig } from '../../engine/exec-sessions.js';
import { attachLogPath, localLogPath } from '../../engine/log-drivers/log-stdio.js';
import { readLogs } from '../../engine/logs.js';
import type { ContainerRecordV1 } from '../../engine/model.js';
import type { ApiContext } from '../api-context.js';
import { empty, json, truthy, type ApiRequest, type ApiResult, type HijackedConn } from '../http-types.js';
import { frame } from '../multiplex.js';
import { startOrSay } from './exec-start.js';
import { ttyAttach, ttyExecStart } from './tty.js';
import { inspect, summary } from './container-views.js';

function parseFilters(text: string | undefined): Record<string, string[]> {
  if (!text) return {};
  try {
    const raw = JSON.parse(text) as Record<string, string[] | Record<string, boolean>>;
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v : Object.keys(v)]));
  } catch {
    throw new DockbookError('E_INVALID_ARGUMENT', `invalid filter '${text}'`);
  }
}

export function list(ctx: ApiContext, req: ApiRequest): ApiResult {
  const filters = parseFilters(req.query['filters']);
  let rows = ctx.engine.list(truthy(req.query['all']) || Boolean(filters['status']?.length));
  for (const name of filters['name'] ?? []) rows = rows.filter((c) => new RegExp(name).test(c.Name.slice(1)));
  for (const status of filters['status'] ?? []) rows = rows.filter((c) => c.State.Status === status);
  for (const id of filters['id'] ?? []) rows = rows.filter((c) => c.Id.startsWith(id));
  const limit = Number(req.query['limit'] ?? -1);
  if (limit > 0) rows = rows.slice(0, limit);
  const now = ctx.kernel.now();
  return json(rows.map((c) => summary(c, now)));
}

export async function create(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  if (typeof req.body !== 'object' || req.body === null) throw new DockbookError('E_BAD_JSON', 'config cannot be empty in order to create a container');
  return json(await ctx.engine.create(req.body as CreateRequest, req.query['name'] || undefined), 201);
}

export async function start(ctx: ApiContext, id: string): Promise<ApiResult> {
  const rec = ctx.engine.resolve(id);
  if (rec.State.Running) return empty(304);
  await ctx.engine.start(id);
  return empty();
}

/**
 * The status line goes out at once and the body when the container stops:
 * docker's client waits for the headers before it starts the container.
 */
export function wait(ctx: ApiContext, id: string, req: ApiRequest): ApiResult {
  // Older clients (20.10) send condition= empty: Docker reads that as not-running.
  const condition = (req.query['condition'] || 'not-running') as 'not-running' | 'next-exit' | 'removed';
  const code = ctx.engine.wait(id, condition);
  return {
    kind: 'stream', status: 200, contentType: 'application/json',
    chunks: async function* () {
      yield `${JSON.stringify({ StatusCode: await code, Error: null })}\n`;
    },
  };
}

export async function stop(ctx: ApiContext, id: string, req: ApiRequest): Promise<ApiResult> {
  const rec = ctx.engine.resolve(id);
  if (!rec.State.Running) return empty(304);
  await ctx.engine.stop(id, req.query['t'] !== undefined ? Number(req.query['t']) : 10);
  return empty();
}

export async function kill(ctx: ApiContext, id: string, req: ApiRequest): Promise<ApiResult> {
  await ctx.engine.kill(id, req.query['signal'] || 'SIGKILL');
  return empty();
}

export async function restart(ctx: ApiContext, id: string, req: ApiRequest): Promise<ApiResult> {
  await ctx.engine.restart(id, req.query['t'] !== undefined ? Number(req.query['t']) : 10);
  return empty();
}

export async function remove(ctx: ApiContext, id: string, req: ApiRequest): Promise<ApiResult> {
  await ctx.engine.remove(id, { force: truthy(req.query['force']), volumes: truthy(req.query['v']) });
  return empty();
}

export async function inspectOne(ctx: ApiContext, id: string, req: ApiRequest): Promise<ApiResult> {
  const rec = ctx.engine.resolve(id);
  const view = inspect(rec);
  if (truthy(req.query['size'])) {
    const s = await ctx.images.size(rec.Id, rec.Image).catch(() => ({ size: 0, virtualSize: 0 }));
    Object.assign(view, { SizeRw: s.size, SizeRootFs: s.virtualSize });
  }
  return json(view);
}

/** `docker diff`: Kind 0 changed, 1 added, 2 deleted. */
export async function changes(ctx: ApiContext, id: string): Promise<ApiResult> {
  const rec = ctx.engine.resolve(id);
  const kinds = { C: 0, A: 1, D: 2 } as const;
  return json((await ctx.images.changes(rec.Id)).map((c) => ({ Path: c.path, Kind: kinds[c.kind] })));
}

export async function top(ctx: ApiContext, id: string): Promise<ApiResult> {
  const pids = await ctx.engine.pids(id);
  const rows: string[][] = [];
  for (const pid of pids) {
    const cmd = (await ctx.kernel.readText(`/proc/${pid}/cmdline`).catch(() => '')).split('\0').filter(Boolean).join(' ');
    rows.push(['root', String(pid), cmd]);
  }
  return json({ Titles: ['UID', 'PID', 'CMD'], Processes: rows });
}

export function logs(ctx: ApiContext, id: string, req: ApiRequest): ApiResult {
  const rec = ctx.engine.resolve(id);
  const path = localLogPath(rec);
  if (!path) {
    throw new DockbookError('E_NOT_IMPLEMENTED', 'configured logging driver does not support reading', {
      hint: `the ${rec.HostConfig.LogConfig.Type} driver sends the lines elsewhere and keeps no local cache (cache-disabled); read them at the receiver`,
    });
  }
  const q = req.query;
  const timestamps = truthy(q['timestamps']);
  const tail = q['tail'] && q['tail'] !== 'all' ? Number(q['tail']) : undefined;
  const seconds = (v: string | undefined) => (v && Number(v) > 0 ? Number(v) : undefined);
  // A TTY's log is one stream: Docker sends it raw, without the multiplexing header.
  const tty = rec.Config.Tty;
  return {
    kind: 'stream', status: 200, contentType: tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream',
    chunks: async function* (closed) {
      for await (const line of readLogs(ctx.kernel, path, {
        stdout: truthy(q['stdout']), stderr: truthy(q['stderr']), tail, follow: truthy(q['follow']),
        since: seconds(q['since']), until: seconds(q['until']),
        running: () => ctx.engine.resolve(rec.Id).State.Running, signal: closed,
      })) {
        const text = timestamps ? `${line.time} ${line.log}` : line.log;
        yield tty ? text : frame(line.stream, text);
      }
    },
  };
}

/**
 * `-i` without a TTY: the client's bytes into the container's stdin pipe
 * (once it has started: docker's client attaches first). With StdinOnce
 * (`docker run -i`) the client's half-close closes the pipe: the program
 * reads end-of-file.
 */
async function feedStdin(ctx: ApiContext, rec: ContainerRecordV1, conn: HijackedConn, stopped: Promise<void>): Promise<void> {
  const sink = await ctx.engine.stdins.next(rec.Id, stopped);
  if (!sink) return;
  try {
    for await (const chunk of conn.input) await sink.write(chunk);
  } catch { /* the client went away */ }
  if (rec.Config.StdinOnce) ctx.engine.stdins.drop(rec.Id);
}

/**
 * attach: the client's connection becomes a stream of the container's
 * output from now on (or its logs first, with logs=1), until it exits.
 */
export function attach(ctx: ApiContext, id: string, req: ApiRequest): ApiResult {
  const rec = ctx.engine.resolve(id);
  if (rec.Config.Tty) return ttyAttach(ctx, rec, req);
  const q = req.query;
  return {
    kind: 'hijack', contentType: 'application/vnd.docker.multiplexed-stream',
    run: async (conn) => {
      let exited = false;
      let wake = () => {};
      const stopped = new Promise<void>((resolve) => { wake = resolve; });
      const end = () => { exited = true; wake(); };
      const release = ctx.engine.holdRemoval(rec.Id, end);
      void ctx.engine.wait(rec.Id, rec.State.Running ? 'not-running' : 'next-exit').then(end);
      if (truthy(q['stdin']) && rec.Config.OpenStdin) void feedStdin(ctx, rec, conn, stopped);
      try {
        for await (const line of readLogs(ctx.kernel, attachLogPath(rec), {
          stdout: truthy(q['stdout']), stderr: truthy(q['stderr']), tail: truthy(q['logs']) ? undefined : 0, follow: truthy(q['stream']),
          running: () => !exited, stopped, signal: conn.closed,
        })) {
          conn.write(frame(line.stream, line.log));
        }
      } finally {
        release();
        conn.end();
      }
    },
  };
}

export function execCreate(ctx: ApiContext, id: string, req: ApiRequest): ApiResult {
  const rec = ctx.engine.resolve(id);
  if (!rec.State.Running) throw new DockbookError('E_CONFLICT', `Container ${rec.Id} is not running`);
  return json({ Id: ctx.engine.execs.create(rec.Id, req.body as ExecConfig) }, 201);
}

export function execInspect(ctx: ApiContext, id: string): ApiResult {
  return json(ctx.engine.execs.inspect(id));
}

/** exec start: the process's output, multiplexed, on the taken-over connection; the client's input goes to its stdin. */
export function execStart(ctx: ApiContext, id: string, req: ApiRequest): ApiResult {
  const body = req.body as { Detach?: boolean; Tty?: boolean } | null;
  const detach = body?.Detach === true;
  if (!detach && ctx.engine.execs.get(id).config.Tty) return ttyExecStart(ctx, id, (body as { DetachKeys?: string } | null)?.DetachKeys);
  if (detach) {
    return { kind: 'hijack', contentType: 'application/vnd.docker.multiplexed-stream', run: async (conn) => { await ctx.engine.execs.start(id); conn.end(); } };
  }
  return {
    kind: 'hijack', contentType: 'application/vnd.docker.multiplexed-stream',
    run: async (conn) => {
      const proc = await startOrSay(ctx, id, conn, (text) => frame('stdout', text));
      if (!proc) return;
      const pump = async (source: AsyncIterable<Uint8Array> | null, stream: 'stdout' | 'stderr') => {
        if (!source) return;
        for await (const chunk of source) conn.write(frame(stream, chunk));
      };
      const session = ctx.engine.execs.get(id);
      if (session.config.AttachStdin && proc.stdin) {
        void (async () => {
          try { for await (const chunk of conn.input) await proc.stdin!.write(chunk); } catch { /* the process is gone */ }
          await proc.stdin!.end().catch(() => {});
        })();
      } else {
        await proc.stdin?.end().catch(() => {});
      }
      await Promise.all([pump(proc.stdout, 'stdout'), pump(proc.stderr, 'stderr'), proc.exited]);
      conn.end();
    },
  };
}

export async function pause(ctx: ApiContext, id: string): Promise<ApiResult> {
  await ctx.engine.pause(id);
  return empty();
}

export async function unpause(ctx: ApiContext, id: string): Promise<ApiResult> {
  await ctx.engine.unpause(id);
  return empty();
}

export async function rename(ctx: ApiContext, id: string, req: ApiRequest): Promise<ApiResult> {
  await ctx.engine.rename(id, req.query['name'] ?? '');
  return empty();
}

