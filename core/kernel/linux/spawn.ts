import { spawn as nodeSpawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { KernelError } from '../kernel-error.js';
import type { ByteSink, ExitStatus, KernelProcess, SpawnSpec } from '../types.js';
import { withNamespaces } from './ns-switch.js';

/**
 * Starts a program, inside new or joined namespaces when asked. The fork
 * happens synchronously inside `withNamespaces`, so the child is born in the
 * target namespaces while the engine's thread returns home at once.
 */
export async function spawnProcess(spec: SpawnSpec): Promise<KernelProcess> {
  const [file, ...args] = spec.argv;
  if (!file) throw new KernelError('spawn', '(empty argv)', 'EINVAL');
  const stdio = stdioFor(spec);
  const child = withNamespaces({ set: spec.namespaces ?? {}, hostname: spec.hostname }, () =>
    nodeSpawn(file, args, {
      env: { ...(spec.env ?? {}) },
      cwd: spec.cwd,
      stdio,
      detached: spec.detached ?? false,
      argv0: file,
    }),
  );
  const exited = exitOf(child);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (e) => reject(new KernelError('execve', file, (e as NodeJS.ErrnoException).code ?? 'EINVAL', { cause: e })));
  });
  if (spec.detached) child.unref();
  return {
    pid: child.pid!,
    stdin: child.stdin ? sinkOf(child) : null,
    stdout: child.stdout,
    stderr: child.stderr,
    exited,
  };
}

function stdioFor(spec: SpawnSpec): StdioOptions {
  const extra = spec.extraFds ?? [];
  const io = spec.stdio ?? { kind: 'pipe' };
  switch (io.kind) {
    case 'pipe': return ['pipe', 'pipe', 'pipe', ...extra];
    case 'inherit': return ['inherit', 'inherit', 'inherit', ...extra];
    case 'ignore': return ['ignore', 'ignore', 'ignore', ...extra];
    case 'pty': return [io.pty.slaveFd, io.pty.slaveFd, io.pty.slaveFd, ...extra];
  }
}

function exitOf(child: ChildProcess): Promise<ExitStatus> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A child that never started still has to settle its exit.
    child.once('error', () => resolve({ code: 127, signal: null }));
  });
}

function sinkOf(child: ChildProcess): ByteSink {
  const stdin = child.stdin!;
  // A child that exits before reading its input must not crash the engine.
  stdin.on('error', () => {});
  return {
    write: (data) => new Promise((resolve, reject) => stdin.write(data, (e) => (e ? reject(e) : resolve()))),
    end: () => new Promise((resolve) => stdin.end(resolve)),
  };
}
