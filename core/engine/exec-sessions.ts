import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import type { ContainerProcess } from '../kernel/types.js';
import { execInContainer } from '../runtime/container-exec.js';
import { execFailed } from '../runtime/runtime-errors.js';
import { loadRecord } from '../runtime/container-record.js';
import { exitCodeOf } from '../runtime/oci/signals.js';
import { parseUser } from './spec-builder.js';
import { hex } from './names.js';
import type { Terminals } from './terminals.js';

export interface ExecConfig {
  readonly Cmd: string[];
  readonly Env?: string[] | null;
  readonly WorkingDir?: string;
  readonly User?: string;
  readonly Tty?: boolean;
  readonly AttachStdin?: boolean;
  readonly AttachStdout?: boolean;
  readonly AttachStderr?: boolean;
  /** [rows, cols] of the client's terminal (API 1.42+). */
  readonly ConsoleSize?: [number, number] | null;
}

interface Session {
  readonly id: string;
  readonly containerId: string;
  readonly config: ExecConfig;
  process: ContainerProcess | null;
  running: boolean;
  exitCode: number | null;
}

/** dockerd's exit code for an exec that never started, whatever the reason. */
const EXEC_START_FAILED = 126;

/** dockerd's words for it: runc's error behind "OCI runtime exec failed". */
function execStartFailed(program: string, cause: unknown): DockbookError {
  const e = cause as { call?: string; errnoCode?: string; message?: string };
  const why = e.call === 'exec' && e.errnoCode ? execFailed(program, e.errnoCode, cause).message : (e.message ?? String(cause));
  return new DockbookError('E_EXEC', `OCI runtime exec failed: exec failed: ${why}: unknown`, { hint: 'check the command and that the image contains it', cause, exitCode: EXEC_START_FAILED });
}

/** `docker exec`: a process started later in a running container's namespaces and cgroup. */
export class ExecSessions {
  private readonly sessions = new Map<string, Session>();

  /** `onEvent` reports exec_create, exec_start and exec_die as container events. */
  constructor(
    private readonly kernel: Kernel,
    private readonly runtimeRoot: string,
    private readonly onEvent: (containerId: string, action: string, attributes: Record<string, string>) => void = () => {},
    private readonly terminals: Terminals | null = null,
  ) {}

  create(containerId: string, config: ExecConfig): string {
    if (!config.Cmd?.length) throw new DockbookError('E_INVALID_ARGUMENT', 'No exec command specified');
    const id = hex(this.kernel.random(32));
    this.sessions.set(id, { id, containerId, config, process: null, running: false, exitCode: null });
    this.onEvent(containerId, `exec_create: ${config.Cmd.join(' ')}`, { execID: id });
    return id;
  }

  get(id: string): Session {
    const s = this.sessions.get(id);
    if (!s) throw new DockbookError('E_NOT_FOUND', `No such exec instance: ${id}`);
    return s;
  }

  async start(id: string): Promise<ContainerProcess> {
    const s = this.get(id);
    if (s.process) throw new DockbookError('E_CONFLICT', `Error: Exec command ${id} has already run`);
    const base = (await loadRecord(this.kernel, this.runtimeRoot, s.containerId)).spec.process;
    const c = s.config;
    // -t: a new pty in the container's devpts, whose master the engine keeps (the exec's output and keyboard go through it).
    const tty = c.Tty === true && this.terminals !== null;
    const proc = await execInContainer(this.kernel, this.runtimeRoot, s.containerId, {
      ...base,
      args: c.Cmd,
      env: [...(base.env ?? []), ...(c.Env ?? [])],
      cwd: c.WorkingDir || base.cwd,
      user: c.User ? parseUser(c.User) : base.user,
      terminal: false,
    }, { stdio: tty ? { kind: 'ignore' } : { kind: 'pipe' }, ownPty: tty }).catch((e: unknown) => {
      // As dockerd: an exec whose program cannot start has exit code 126, and the error is its output.
      s.exitCode = EXEC_START_FAILED;
      throw execStartFailed(c.Cmd[0]!, e);
    });
    if (proc.ptyMaster !== null) await this.terminals!.attach(id, proc.ptyMaster, undefined, c.ConsoleSize ?? undefined);
    s.process = proc;
    s.running = true;
    this.onEvent(s.containerId, `exec_start: ${c.Cmd.join(' ')}`, { execID: id });
    void proc.exited.then((st) => {
      s.running = false;
      s.exitCode = exitCodeOf(st);
      this.onEvent(s.containerId, 'exec_die', { execID: id, exitCode: String(s.exitCode) });
    });
    return proc;
  }

  inspect(id: string): Record<string, unknown> {
    const s = this.get(id);
    return {
      ID: s.id, Running: s.running, ExitCode: s.exitCode, ContainerID: s.containerId, Pid: s.process?.pid ?? 0,
      ProcessConfig: { entrypoint: s.config.Cmd[0], arguments: s.config.Cmd.slice(1), tty: s.config.Tty ?? false, user: s.config.User ?? '' },
      OpenStdin: s.config.AttachStdin ?? false, OpenStdout: s.config.AttachStdout ?? true, OpenStderr: s.config.AttachStderr ?? true,
    };
  }
}
