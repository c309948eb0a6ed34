import { KernelError } from '../../kernel/kernel-error.js';
import type { ByteSink, ByteSource, ContainerProcess, ContainerProcessSpec, ExitStatus } from '../../kernel/types.js';
import { FileDesc } from '../file-desc.js';
import type { Machine } from '../machine.js';
import { Pipe } from '../pipe.js';
import { forkProcess, runProcess, type CreateKind } from '../process-ops.js';
import type { SimProcess } from '../process.js';
import { signalName } from '../signals.js';
import { ExecNow } from '../sys.js';
import { InitState } from './init-state.js';
import { jsonLogWriter } from './json-log.js';
import { lineSender, type LogSender } from '../../engine/log-drivers/remote-log.js';

export const SHIM_PATH = '/usr/libexec/dockbook/dockbook-shim';

/**
 * What native/dockbook-shim does, in the model: a shim process in its own
 * session that reaps the container's process and records its exit, and under
 * it an init born in the requested namespaces that waits for the engine's
 * calls, then for the exec fifo, then becomes the user's program.
 */
export function containerSpawn(
  m: Machine, engine: SimProcess, spec: ContainerProcessSpec, inits: Map<number, InitState>,
  resolveNs: (path: string, kind: CreateKind) => unknown,
  /** The receiver a syslog or fluentd driver dialled before (dialling is asynchronous). */
  logSender: LogSender | null = null,
): ContainerProcess {
  const join: Partial<Record<CreateKind, unknown>> = {};
  for (const [kind, path] of Object.entries(spec.join ?? {}) as [CreateKind, string][]) {
    try {
      join[kind] = resolveNs(path, kind);
    } catch (e) {
      throw new KernelError('open', path, (e as KernelError).errnoCode ?? 'ENOENT');
    }
  }
  if (spec.stdio.kind === 'fds') {
    for (const n of spec.stdio.fds) if (!engine.fds.get(n)) throw new KernelError('dup2', String(n), 'EBADF');
  }
  const shim = forkProcess(m, engine);
  shim.comm = 'dockbook-shim';
  shim.argv = [SHIM_PATH, '--exit-file', spec.exitFile];
  shim.exe = SHIM_PATH;
  shim.fds.closeAll();

  const io = stdioFor(m, engine, shim, spec, logSender);
  for (const [fd, d] of io.fds) shim.fds.set(fd, d);
  let init: SimProcess;
  try {
    init = forkProcess(m, shim, spec.create, join);
  } catch (e) {
    io.closeLogs();
    shim.finish({ code: 125, signal: null });
    m.release(shim);
    throw new KernelError('clone', SHIM_PATH, (e as { code?: string }).code ?? 'EAGAIN');
  }
  for (const fd of io.fds.keys()) shim.fds.close(fd);
  const state = new InitState(init, shim);
  inits.set(init.hostPid, state);

  void runProcess(m, init, async (sys) => {
    await sys.proc.block(state.execSet);
    if (state.fifo !== null) await sys.proc.block(state.released);
    // The engine starts reading a terminal just after it starts the program (an exec's reader attaches
    // once the exec has started); a real exec takes long enough for that, one virtual tick gives the same order.
    if (state.exec!.spec.terminal === 'stdin') await sys.sleep(0);
    inits.delete(init.hostPid);
    const s = state.exec!.spec;
    const env = Object.fromEntries(s.env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    throw new ExecNow([...s.args], env);
  });

  const exited = (async (): Promise<ExitStatus> => {
    const st = await init.exited;
    inits.delete(init.hostPid);
    const line = st.signal ? `signaled ${signalNumberOf(st.signal)}\n` : `exited ${st.code}\n`;
    m.as(shim, () => {
      try {
        shim.view.writeFile(`${spec.exitFile}.tmp`, line, { mode: 0o644 });
        shim.view.rename(`${spec.exitFile}.tmp`, spec.exitFile);
      } catch { /* the state directory is gone: nothing to record into */ }
    });
    io.closeLogs();
    shim.finish({ code: 0, signal: null });
    m.release(shim);
    return st;
  })();
  return { pid: init.hostPid, shimPid: shim.hostPid, stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, exited };
}

function signalNumberOf(name: string): number {
  for (let n = 1; n < 65; n++) if (signalName(n) === name) return n;
  return 9;
}

interface Stdio {
  fds: Map<number, FileDesc>;
  stdin: ByteSink | null;
  stdout: ByteSource | null;
  stderr: ByteSource | null;
  closeLogs(): void;
}

function stdioFor(m: Machine, engine: SimProcess, shim: SimProcess, spec: ContainerProcessSpec, logSender: LogSender | null): Stdio {
  const fds = new Map<number, FileDesc>();
  const none = (): void => {
    for (const fd of [0, 1, 2]) fds.set(fd, new FileDesc({ kind: 'null' }, '/dev/null'));
  };
  // -i: fd 0 is a pipe whose write end the caller gets, as on Linux.
  const stdinPipe = (): ByteSink | null => {
    if (!('openStdin' in spec.stdio) || spec.stdio.openStdin !== true) return null;
    const p = new Pipe();
    fds.set(0, new FileDesc({ kind: 'pipe-r', pipe: p }, 'pipe'));
    return p.sink();
  };
  // The shim's json-file writer: the json-file driver, or the local cache of a remote one (the simulator has no receivers).
  const jsonLog = (path: string, limits: { maxSize?: number; maxFiles?: number }): Stdio => {
    const out = jsonLogWriter(shim.view, path, 'stdout', () => m.now(), limits);
    const err = jsonLogWriter(shim.view, path, 'stderr', () => m.now(), limits);
    fds.set(0, new FileDesc({ kind: 'null' }, '/dev/null'));
    fds.set(1, new FileDesc({ kind: 'sink', write: (d) => m.as(shim, () => out.write(d)) }, path));
    fds.set(2, new FileDesc({ kind: 'sink', write: (d) => m.as(shim, () => err.write(d)) }, path));
    return { fds, stdin: stdinPipe(), stdout: null, stderr: null, closeLogs: () => m.as(shim, () => { out.close(); err.close(); }) };
  };
  switch (spec.stdio.kind) {
    case 'pipe': {
      const [i, o, e] = [new Pipe(), new Pipe(), new Pipe()];
      const stdin = i.sink();
      fds.set(0, new FileDesc({ kind: 'pipe-r', pipe: i }, 'pipe'));
      fds.set(1, new FileDesc({ kind: 'pipe-w', pipe: o }, 'pipe'));
      fds.set(2, new FileDesc({ kind: 'pipe-w', pipe: e }, 'pipe'));
      return { fds, stdin, stdout: o.source(), stderr: e.source(), closeLogs: () => {} };
    }
    case 'fds': {
      // The caller's own descriptors (a pty slave): the same open files, one more reference each.
      spec.stdio.fds.forEach((n, fd) => {
        fds.set(fd, engine.fds.get(n)!.dup());
      });
      return { fds, stdin: null, stdout: null, stderr: null, closeLogs: () => {} };
    }
    case 'json-log':
      return jsonLog(spec.stdio.path, { maxSize: spec.stdio.maxSize, maxFiles: spec.stdio.maxFiles });
    case 'log-driver': {
      const driver = spec.stdio.driver;
      const sender = logSender;
      if (!sender) throw new KernelError('connect', driver.address, 'ENOTCONN');
      // Dual logging: each line also goes to the json-file cache beside the remote driver, as the real shim does.
      const cache = spec.stdio.cache;
      const cached = (stream: 'stdout' | 'stderr') => (cache ? jsonLogWriter(shim.view, cache.path, stream, () => m.now(), cache) : null);
      const relay = (stream: 'stdout' | 'stderr') => {
        const local = cached(stream);
        const remote = lineSender(sender, driver, stream, { host: shim.ns.uts.hostname, pid: shim.hostPid }, () => m.now());
        return {
          write: (d: Uint8Array) => { remote.write(d); if (local) m.as(shim, () => local.write(d)); },
          close: () => { remote.close(); if (local) m.as(shim, () => local.close()); },
        };
      };
      const out = relay('stdout');
      const err = relay('stderr');
      fds.set(0, new FileDesc({ kind: 'null' }, '/dev/null'));
      fds.set(1, new FileDesc({ kind: 'sink', write: (d) => out.write(d) }, driver.address));
      fds.set(2, new FileDesc({ kind: 'sink', write: (d) => err.write(d) }, driver.address));
      return { fds, stdin: stdinPipe(), stdout: null, stderr: null, closeLogs: () => { out.close(); err.close(); sender.close(); } };
    }
    default:
      none();
      return { fds, stdin: stdinPipe(), stdout: null, stderr: null, closeLogs: () => {} };
  }
}
