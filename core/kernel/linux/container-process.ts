import { spawn, type StdioOptions } from 'node:child_process';
import { closeSync, promises as fs, constants as fsc, openSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import { DockbookError } from '../../errors.js';
import { KernelError } from '../kernel-error.js';
import type {
  ByteSink, ContainerProcess, ContainerProcessSpec, ContainerStdio, ExitStatus, InitExecSpec, InitRef, NamespaceKind,
} from '../types.js';
import { ControlChannel } from './control-channel.js';
import { CLONE, pipe } from './libc.js';
import { withNamespaces } from './ns-switch.js';

/** How long one call may take inside a container's init before the engine gives up on it. */
const INIT_REPLY_TIMEOUT_MS = 30_000;
import { shimBinary } from './shim-binary.js';
import { signalName } from './signal-names.js';

const CLONE_FLAG: Record<Exclude<NamespaceKind, 'user'>, number> = {
  mnt: CLONE.NEWNS, uts: CLONE.NEWUTS, ipc: CLONE.NEWIPC, pid: CLONE.NEWPID, net: CLONE.NEWNET, cgroup: CLONE.NEWCGROUP,
};

/** Open control channels, by the init's host pid. */
const channels = new Map<number, ControlChannel>();

export function channelOf(init: InitRef): ControlChannel {
  const ch = channels.get(init.pid);
  if (!ch) {
    throw new DockbookError('E_NOT_FOUND', `no init process ${init.pid} is waiting for instructions`, {
      hint: 'the process already exec\'d or exited',
    });
  }
  return ch;
}

/**
 * fd 3 is the control socket, fd 4 the status pipe (see native/dockbook-shim.c):
 * both are socket pairs Node makes for 'pipe', whose far end only the shim
 * (and the init it clones) holds, so reads see end-of-file once they are gone.
 * `stdin` is the read end of the `-i` pipe: the init inherits the shim's fd 0
 * when it is cloned, and the shim then drops its own copy for /dev/null.
 */
function stdioOf(s: ContainerStdio, stdin: number | null): Exclude<StdioOptions, string> {
  switch (s.kind) {
    case 'inherit': return ['inherit', 'inherit', 'inherit', 'pipe', 'pipe'];
    case 'pipe': return [stdin ?? 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'];
    case 'fds': return [...s.fds, 'pipe', 'pipe'];
    case 'ignore':
    case 'json-log':
    case 'log-driver': return [stdin ?? 'ignore', 'ignore', 'ignore', 'pipe', 'pipe'];
  }
}

/** A real pipe (as Docker gives), not the socket pair Node's 'pipe' would make. */
function wantsStdinPipe(s: ContainerStdio): boolean {
  if (s.kind === 'pipe') return true;
  return (s.kind === 'ignore' || s.kind === 'json-log' || s.kind === 'log-driver') && s.openStdin === true;
}

/**
 * The write end of a container's stdin pipe. Ending it is the end-of-file the
 * program reads; writes after the program is gone (EPIPE) are dropped, as
 * bytes typed at a finished program are.
 */
export function pipeSink(fd: number): ByteSink {
  const socket = new Socket({ fd, readable: false, writable: true });
  socket.on('error', () => {});
  return {
    write: (d) => new Promise((resolve) => {
      if (socket.destroyed || socket.writableEnded) return resolve();
      socket.write(d, () => resolve());
    }),
    end: () => new Promise((resolve) => {
      if (socket.destroyed) return resolve();
      socket.end(() => { socket.destroy(); resolve(); });
      socket.once('close', () => resolve());
    }),
  };
}

/** The shim's log driver flags (see native/dockbook-shim.c). */
function logArgs(s: ContainerStdio): string[] {
  if (s.kind === 'json-log') {
    const out = ['--log', s.path];
    if (s.maxSize !== undefined && s.maxSize > 0) out.push('--log-max-size', String(s.maxSize));
    if (s.maxFiles !== undefined) out.push('--log-max-file', String(s.maxFiles));
    return out;
  }
  if (s.kind !== 'log-driver') return [];
  const d = s.driver;
  const c = s.cache;
  const cache = c ? ['--log-cache', c.path, '--log-cache-max-size', String(c.maxSize), '--log-cache-max-file', String(c.maxFiles)] : [];
  if (d.kind === 'syslog') return ['--syslog', d.address, '--syslog-format', d.format, '--syslog-facility', String(d.facility), '--log-tag', d.tag, ...cache];
  return ['--fluentd', d.address, '--log-tag', d.tag, '--log-id', d.containerId, '--log-name', d.containerName, ...(d.subSecond ? ['--fluentd-subsecond'] : []), ...cache];
}

/** Everything the shim writes on its status pipe, until it closes. */
function statusLine(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => { text += d; });
    socket.once('close', () => resolve(text));
    socket.once('error', () => resolve(text));
  });
}

export async function containerSpawn(spec: ContainerProcessSpec): Promise<ContainerProcess> {
  const flags = spec.create.reduce((f, k) => f | CLONE_FLAG[k], 0);
  const args = ['--clone-flags', flags.toString(16), '--exit-file', spec.exitFile];
  for (const [kind, path] of Object.entries(spec.join ?? {})) args.push('--join', `${kind}=${path}`);
  args.push(...logArgs(spec.stdio));
  if (spec.keep) args.push(`--keep-${spec.keep}`);

  let stdinPipe: [number, number] | null = null;
  let child;
  try {
    stdinPipe = wantsStdinPipe(spec.stdio) ? pipe() : null;
    // --keep-stdin: the shim's fd 5 is a copy of the pipe's write end.
    const kept = spec.keep === 'stdin' && stdinPipe ? [stdinPipe[1]] : [];
    const options = { stdio: [...stdioOf(spec.stdio, stdinPipe?.[0] ?? null), ...kept], detached: true, env: {} };
    // The shim's log driver dials from the namespace it is born in.
    const dialFrom = spec.stdio.kind === 'log-driver' ? spec.stdio.netns : undefined;
    child = dialFrom ? withNamespaces({ set: { join: { net: dialFrom } } }, () => spawn(shimBinary(), args, options)) : spawn(shimBinary(), args, options);
  } catch (e) {
    if (stdinPipe) closeSync(stdinPipe[1]);
    throw e;
  } finally {
    // Only the shim (and the init it clones) may hold the read end: else the program never sees EOF.
    if (stdinPipe) closeSync(stdinPipe[0]);
  }
  // Exited means reaped too: a caller that checks the shim is gone (delete, a test's /proc scan)
  // must not find it a zombie because the status pipe closed a moment before Node reaped it.
  // Listened for at once, so an exit during the awaits below is not missed.
  const reaped = new Promise<void>((resolve) => { child.once('exit', () => resolve()); });
  const stdin = stdinPipe ? pipeSink(stdinPipe[1]) : null;
  const started = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (e) => reject(new KernelError('execve', shimBinary(), (e as NodeJS.ErrnoException).code ?? 'ENOENT', { cause: e })));
  });
  try {
    await started;
  } catch (e) {
    await stdin?.end();
    throw e;
  }
  // The socket holds what the shim sends until the channel listens: nothing is lost by starting here.
  const channel = new ControlChannel(child.stdio[3] as Socket, INIT_REPLY_TIMEOUT_MS);
  const status = statusLine(child.stdio[4] as Socket);
  let hello: string[];
  try {
    hello = await channel.next();
  } catch (e) {
    channel.close();
    await stdin?.end();
    throw e;
  }
  if (hello[0] !== 'pid') {
    channel.close();
    await stdin?.end();
    throw new KernelError(hello[2] ?? 'clone', hello[3] ?? 'container process', Number(hello[1] ?? 22));
  }
  const pid = Number(hello[1]);
  channels.set(pid, channel);
  // The shim stays referenced: whoever awaits `exited` must be kept alive for
  // it. A command that leaves the container running (runc create) exits
  // explicitly instead.

  const exited = Promise.all([status, reaped]).then(async ([line]): Promise<ExitStatus> => {
    channels.delete(pid);
    channel.close();
    return parseExitLine(line) ?? readExitFile(spec.exitFile);
  });
  return {
    pid,
    shimPid: child.pid!,
    stdin: stdin ?? (child.stdin ? { write: (d) => new Promise((r, j) => child.stdin!.write(d, (e) => (e ? j(e) : r()))), end: () => new Promise((r) => child.stdin!.end(r)) } : null),
    stdout: buffered(child.stdout),
    stderr: buffered(child.stderr),
    exited,
  };
}

/**
 * The child's output, held until read. Node resumes (and so discards) every
 * stdio stream nobody listens to yet when the child exits: an exec whose
 * program ends before its caller starts reading would lose all it printed.
 */
function buffered(stream: Readable | null): Readable | null {
  return stream ? stream.pipe(new PassThrough()) : null;
}

/** `exited N` / `signaled N`, as the shim writes it. */
export function parseExitLine(line: string): ExitStatus | null {
  const [how, n] = line.trim().split(' ');
  if (how === 'exited') return { code: Number(n), signal: null };
  if (how === 'signaled') return { code: null, signal: signalName(Number(n)) };
  return null;
}

export async function readExitFile(path: string): Promise<ExitStatus> {
  const line = await fs.readFile(path, 'utf8').catch(() => '');
  // Docker reports 255 when it cannot know how a container ended.
  return parseExitLine(line) ?? { code: 255, signal: null };
}

export async function initCall(init: InitRef, fields: readonly (string | Uint8Array)[]): Promise<string> {
  return channelOf(init).call(fields);
}

export async function initExec(init: InitRef, spec: InitExecSpec): Promise<string> {
  const hex = (n: bigint) => n.toString(16);
  const c = spec.capabilities;
  const fields: string[] = [
    'exec',
    String(spec.args.length), ...spec.args,
    String(spec.env.length), ...spec.env,
    spec.cwd, String(spec.uid), String(spec.gid),
    String(spec.additionalGids.length), ...spec.additionalGids.map(String),
    hex(c.bounding), hex(c.effective), hex(c.permitted), hex(c.inheritable), hex(c.ambient),
    spec.noNewPrivileges ? '1' : '0',
    String(spec.rlimits.length), ...spec.rlimits.flatMap((r) => [String(r.resource), r.soft.toString(), r.hard.toString()]),
    spec.terminal === 'stdin' ? '2' : spec.terminal ? '1' : '0',
    spec.umask.toString(8),
  ];
  const channel = channelOf(init);
  try {
    return await channel.call(fields);
  } finally {
    // After exec the process is the user's program: nobody is left to talk to.
    channels.delete(init.pid);
    channel.close();
  }
}

/**
 * `start`: write one byte to the exec fifo the init is blocked reading. Open
 * non-blocking so that a missing reader (the process is gone) fails at once —
 * and synchronously: each step through the thread pool costs more than the
 * three syscalls themselves.
 */
export async function execFifoRelease(path: string): Promise<void> {
  let fd: number | null = null;
  try {
    fd = openSync(path, fsc.O_WRONLY | fsc.O_NONBLOCK);
    writeSync(fd, '0');
  } catch (e) {
    throw new KernelError('open', path, (e as NodeJS.ErrnoException).code ?? 'EIO', { cause: e, hint: 'the container process is not waiting to start' });
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
