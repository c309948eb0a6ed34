import { KernelError } from '../kernel/kernel-error.js';
import type { KernelProcess, SpawnSpec } from '../kernel/types.js';
import { FileDesc } from './file-desc.js';
import type { Machine } from './machine.js';
import { Pipe } from './pipe.js';
import { execInPlace, forkProcess, runProcess, type CreateKind } from './process-ops.js';
import type { SimProcess } from './process.js';
import { errnoCodeOf } from './errno-text.js';

/** Kernel.spawn: fork the engine (into new or joined namespaces), exec argv[0] found on PATH. */
export function spawnProgram(m: Machine, engine: SimProcess, spec: SpawnSpec, resolveNs: (path: string, kind: CreateKind) => unknown): KernelProcess {
  const file = spec.argv[0];
  if (!file) throw new KernelError('spawn', '(empty argv)', 'EINVAL');
  const join: Partial<Record<CreateKind, unknown>> = {};
  for (const [k, path] of Object.entries(spec.namespaces?.join ?? {})) if (k !== 'user' && path) join[k as CreateKind] = resolveNs(path, k as CreateKind);
  const create = (spec.namespaces?.create ?? []).filter((k): k is CreateKind => k !== 'user');
  let child: SimProcess;
  try {
    child = forkProcess(m, engine, create, join);
  } catch (e) {
    throw new KernelError('spawn', file, errnoCodeOf(e));
  }
  if (spec.hostname !== undefined) child.ns.uts.hostname = spec.hostname;
  if (spec.cwd) m.as(child, () => child.view.chdir(spec.cwd!));
  const io = (spec.stdio ?? { kind: 'pipe' }).kind;
  const [i, o, e] = [new Pipe(), new Pipe(), new Pipe()];
  if (io === 'pipe') {
    child.fds.set(0, new FileDesc({ kind: 'pipe-r', pipe: i }, 'pipe'));
    child.fds.set(1, new FileDesc({ kind: 'pipe-w', pipe: o }, 'pipe'));
    child.fds.set(2, new FileDesc({ kind: 'pipe-w', pipe: e }, 'pipe'));
  } else {
    for (const fd of [0, 1, 2]) child.fds.set(fd, new FileDesc({ kind: 'null' }, '/dev/null'));
  }
  const env = { ...(spec.env ?? {}) };
  let program;
  try {
    program = execInPlace(m, child, [...spec.argv], { PATH: env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', ...env });
    child.env = env;
  } catch (err) {
    child.finish({ code: 127, signal: null });
    m.release(child);
    throw new KernelError('execve', file, errnoCodeOf(err));
  }
  void runProcess(m, child, program);
  return {
    pid: child.hostPid,
    stdin: io === 'pipe' ? i.sink() : null,
    stdout: io === 'pipe' ? o.source() : null,
    stderr: io === 'pipe' ? e.source() : null,
    exited: child.exited,
  };
}
