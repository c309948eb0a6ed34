import { DockbookError } from '../../errors.js';
import type { FlagValue } from '../args.js';
import { call, table, type DockerIo } from './docker-io.js';
import { demux } from './demux.js';
import { renderTemplate } from './go-template.js';
import { createBody } from './run-request.js';
import { apiTimestamp } from './timestamps.js';

type Flags = Readonly<Record<string, FlagValue>>;

interface ContainerRow {
  Id: string; Names: string[]; Image: string; Command: string; Created: number; Status: string;
  Ports: { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[];
}

/** docker's PORTS column: `0.0.0.0:8080->80/tcp`, or `80/tcp` when not published. */
function portsColumn(ports: ContainerRow['Ports']): string {
  return ports.map((p) => (p.PublicPort ? `${p.IP ?? '0.0.0.0'}:${p.PublicPort}->${p.PrivatePort}/${p.Type}` : `${p.PrivatePort}/${p.Type}`)).join(', ');
}

const shortId = (id: string) => id.slice(0, 12);

function truncateCommand(cmd: string): string {
  return JSON.stringify(cmd.length > 20 ? `${cmd.slice(0, 19)}…` : cmd);
}

function ago(seconds: number, now: number): string {
  const s = Math.max(0, Math.round(now / 1000 - seconds));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'} ago`;
  if (s < 3600) return `${Math.round(s / 60)} minute${Math.round(s / 60) === 1 ? '' : 's'} ago`;
  return `${Math.round(s / 3600)} hour${Math.round(s / 3600) === 1 ? '' : 's'} ago`;
}

export async function ps(io: DockerIo, flags: Flags, now: number): Promise<number> {
  const filters: Record<string, string[]> = {};
  for (const f of (flags['filter'] as string[] | undefined) ?? []) {
    const eq = f.indexOf('=');
    if (eq < 1) throw new DockbookError('E_INVALID_ARGUMENT', `bad format of filter (expected name=value)`);
    (filters[f.slice(0, eq)] ??= []).push(f.slice(eq + 1));
  }
  const r = await call(io, { method: 'GET', path: '/containers/json', query: { all: flags['all'] === true, filters: Object.keys(filters).length ? JSON.stringify(filters) : undefined } });
  const rows = r.body as ContainerRow[];
  if (flags['quiet']) {
    if (rows.length) io.out(`${rows.map((c) => (flags['no-trunc'] ? c.Id : shortId(c.Id))).join('\n')}\n`);
    return 0;
  }
  io.out(`${table(['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'], rows.map((c) => [
    shortId(c.Id), c.Image, truncateCommand(c.Command), ago(c.Created, now), c.Status, portsColumn(c.Ports), c.Names.map((n) => n.replace(/^\//, '')).join(','),
  ]))}\n`);
  return 0;
}

/** `docker run`: create, attach (unless -d), start, and wait, returning the container's exit code. */
export async function run(io: DockerIo, flags: Flags, args: readonly string[]): Promise<number> {
  const [image, ...cmd] = args;
  const id = await create(io, flags, image!, cmd).catch((e: unknown) => {
    throw asExit125(e);
  });
  if (flags['detach']) {
    await start(io, id);
    io.out(`${id}\n`);
    return 0;
  }
  // With -t the local terminal would have to be raw: that stays the docker client's job.
  const input = flags['interactive'] === true && flags['tty'] !== true ? io.stdinStream?.() : undefined;
  const output = copyOut(io, io.api.stream({ method: 'POST', path: `/containers/${id}/attach`, query: { stream: true, stdin: input !== undefined, stdout: true, stderr: true }, input }), flags['tty'] === true);
  const waited = call(io, { method: 'POST', path: `/containers/${id}/wait`, query: { condition: flags['rm'] ? 'removed' : 'next-exit' } });
  try {
    await start(io, id);
  } catch (e) {
    throw startFailure(e);
  }
  const code = ((await waited).body as { StatusCode: number }).StatusCode;
  await output;
  return code;
}

/** A container's output to ours: raw with a TTY (one stream), else split by the multiplexing header. */
async function copyOut(io: DockerIo, stream: AsyncIterable<Uint8Array>, tty: boolean): Promise<void> {
  if (tty) {
    for await (const chunk of stream) io.out(chunk);
    return;
  }
  for await (const part of demux(stream)) {
    if (part.stream === 'stdout') io.out(part.data);
    else io.err(part.data);
  }
}

/** `docker run` and `create` exit 125 for any engine error before the container runs. */
function asExit125(e: unknown): DockbookError {
  const err = e instanceof DockbookError ? e : new DockbookError('E_DAEMON', String(e));
  return new DockbookError(err.code, err.message, { hint: err.hint, exitCode: 125, cause: err });
}

/** Docker's exit codes for a container that could not start: 127 not found, 126 cannot be invoked. */
function startFailure(e: unknown): DockbookError {
  const message = e instanceof Error ? e.message : String(e);
  const exitCode = /executable file not found|no such file or directory|ENOENT/.test(message) ? 127 : /permission denied|EACCES|EPERM/.test(message) ? 126 : 125;
  return new DockbookError('E_START', message, { exitCode, cause: e });
}

export async function create(io: DockerIo, flags: Flags, image: string, cmd: readonly string[]): Promise<string> {
  const body = createBody(flags, image, cmd);
  const r = await io.api.request({ method: 'POST', path: '/containers/create', query: { name: flags['name'] as string | undefined }, body });
  if (r.status === 404) {
    io.err(`Unable to find image '${image.includes(':') ? image : `${image}:latest`}' locally\n`);
    throw new DockbookError('E_NO_SUCH_IMAGE', `Error response from daemon: pull access denied for ${image}: this engine has no registry to pull from yet`, { exitCode: 125, hint: 'busybox is built in; load other images with load or import' });
  }
  if (r.status !== 201) throw new DockbookError('E_DAEMON', `Error response from daemon: ${(r.body as { message?: string }).message}`, { exitCode: 125 });
  return (r.body as { Id: string }).Id;
}

export function createOrExit125(io: DockerIo, flags: Flags, image: string, cmd: readonly string[]): Promise<string> {
  return create(io, flags, image, cmd).catch((e: unknown) => { throw asExit125(e); });
}

export async function start(io: DockerIo, id: string): Promise<void> {
  await call(io, { method: 'POST', path: `/containers/${id}/start` });
}

/** Commands that act on each named container and print its name, as docker does. */
export async function eachContainer(io: DockerIo, ids: readonly string[], act: (id: string) => Promise<unknown>): Promise<number> {
  let failed = 0;
  for (const id of ids) {
    try {
      await act(id);
      io.out(`${id}\n`);
    } catch (e) {
      failed++;
      io.err(`${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  return failed ? 1 : 0;
}

export async function logs(io: DockerIo, flags: Flags, id: string, nowMs: number): Promise<number> {
  const tty = ((await call(io, { method: 'GET', path: `/containers/${id}/json` })).body as { Config?: { Tty?: boolean } }).Config?.Tty === true;
  const when = (k: string) => (typeof flags[k] === 'string' ? apiTimestamp(flags[k] as string, nowMs) : undefined);
  const query = {
    stdout: true, stderr: true, follow: flags['follow'] === true, timestamps: flags['timestamps'] === true, tail: flags['tail'] as string | undefined,
    since: when('since'), until: when('until'),
  };
  await copyOut(io, io.api.stream({ method: 'GET', path: `/containers/${id}/logs`, query }), tty);
  return 0;
}

export async function inspect(io: DockerIo, ids: readonly string[], format?: string, size = false): Promise<number> {
  const out: unknown[] = [];
  let failed = false;
  for (const id of ids) {
    const r = await io.api.request({ method: 'GET', path: `/containers/${id}/json`, query: { size } });
    if (r.status === 200) out.push(r.body);
    else {
      const img = await io.api.request({ method: 'GET', path: `/images/${encodeURIComponent(id)}/json` });
      if (img.status === 200) out.push(img.body);
      else { failed = true; io.err(`Error: No such object: ${id}\n`); }
    }
  }
  if (format !== undefined) io.out(out.map((o) => `${renderTemplate(format, o)}\n`).join(''));
  else io.out(`${JSON.stringify(out, null, 4)}\n`);
  return failed ? 1 : 0;
}

/** `docker exec CONTAINER CMD…`: output streamed back, exit code from the exec's inspect. */
export async function exec(io: DockerIo, flags: Flags, [id, ...cmd]: readonly string[]): Promise<number> {
  const body = {
    Cmd: cmd, AttachStdout: true, AttachStderr: true, AttachStdin: flags['interactive'] === true && io.stdinStream !== undefined, Tty: false,
    Env: (flags['env'] as string[] | undefined) ?? [], WorkingDir: (flags['workdir'] as string | undefined) ?? '', User: (flags['user'] as string | undefined) ?? '',
  };
  const execId = ((await call(io, { method: 'POST', path: `/containers/${id}/exec`, body })).body as { Id: string }).Id;
  if (flags['detach']) {
    for await (const _ of io.api.stream({ method: 'POST', path: `/exec/${execId}/start`, body: { Detach: true, Tty: false } })) { /* nothing comes back */ }
    return 0;
  }
  const input = body.AttachStdin ? io.stdinStream?.() : undefined;
  for await (const part of demux(io.api.stream({ method: 'POST', path: `/exec/${execId}/start`, body: { Detach: false, Tty: false }, input }))) {
    if (part.stream === 'stdout') io.out(part.data);
    else io.err(part.data);
  }
  // The stream ends only after the process was reaped, so its exit code is known by now.
  const r = (await call(io, { method: 'GET', path: `/exec/${execId}/json` })).body as { ExitCode: number | null };
  return r.ExitCode ?? 0;
}

export { createBody };
