import type { ExitStatus, NamespaceKind } from '../kernel/types.js';
import { CgroupNamespace, IpcNamespace, NetNamespace, PidNamespace, UtsNamespace, type NsSet } from './namespaces.js';
import type { Machine } from './machine.js';
import { NetStack } from './net/net-stack.js';
import { Killed, type SimProcess } from './process.js';
import { resolveProgram } from './programs/resolve.js';
import { IGNORED_BY_DEFAULT, signalName } from './signals.js';
import { ExecNow, ExitNow, Sys, SysError, type Program } from './sys.js';

export type CreateKind = Exclude<NamespaceKind, 'user'>;

/**
 * fork(), optionally with clone flags: the child shares or copies what its
 * parent has (descriptors duplicated, filesystem view forked) and is refused
 * with EAGAIN when a pids cgroup is full.
 */
export function forkProcess(m: Machine, parent: SimProcess, create: readonly CreateKind[] = [], join: Partial<Record<CreateKind, unknown>> = {}): SimProcess {
  m.checkForkAllowed(parent);
  const ns: NsSet = { ...parent.ns, pid: parent.ns.pidForChildren };
  if (join.pid) ns.pid = join.pid as PidNamespace;
  for (const k of ['uts', 'ipc', 'net', 'cgroup'] as const) if (join[k]) (ns as unknown as Record<string, unknown>)[k] = join[k];
  if (join.mnt) ns.mnt = join.mnt as NsSet['mnt'];
  if (create.includes('pid')) ns.pid = new PidNamespace(m.vfs, ns.pid);
  ns.pidForChildren = ns.pid;
  if (create.includes('uts')) ns.uts = new UtsNamespace(m.vfs, ns.uts.hostname, ns.uts.domainname);
  if (create.includes('ipc')) ns.ipc = new IpcNamespace(m.vfs);
  if (create.includes('net')) ns.net = new NetNamespace(m.vfs, NetStack.forNewNamespace(m.vfs.random, m.hostNs.net.stack));
  if (create.includes('cgroup')) ns.cgroup = new CgroupNamespace(m.vfs, new Map([...parent.cgroups].map(([id, n]) => [id, n.path()])));
  const view = parent.view.fork();
  if (join.mnt) view.enterNamespace(ns.mnt);
  if (create.includes('mnt')) ns.mnt = view.unshareMounts();
  for (const x of [ns.pid, ns.uts, ns.ipc, ns.net, ns.cgroup, ns.mnt]) m.registerNs(x);
  const child = m.newProcess(parent, ns, view);
  if (create.includes('pid') || ns.pid.init === null) ns.pid.init ??= child;
  child.comm = parent.comm;
  child.argv = [...parent.argv];
  child.env = { ...parent.env };
  child.exe = parent.exe;
  child.uid = parent.uid;
  child.gid = parent.gid;
  child.groups = [...parent.groups];
  child.caps = parent.caps;
  child.noNewPrivs = parent.noNewPrivs;
  child.fds = parent.fds.clone();
  for (const node of parent.cgroups.values()) m.attach(child, node);
  return child;
}

/**
 * Runs a program in a process until it exits, execs another (handled in
 * place: same pid) or is killed, then records the exit and releases it.
 */
export async function runProcess(m: Machine, proc: SimProcess, body: Program): Promise<void> {
  let status: ExitStatus;
  let program = body;
  for (;;) {
    try {
      const code = await program(new Sys(m, proc));
      proc.check();
      status = { code: code & 0xff, signal: null };
    } catch (e) {
      if (e instanceof ExecNow) {
        try {
          program = execInPlace(m, proc, e.argv, e.env);
          continue;
        } catch (err) {
          await new Sys(m, proc).err(`${e.argv[0]}: ${Sys.describe(err)}\n`).catch(() => {});
          status = { code: (err as SysError).errno === 'ENOENT' ? 127 : 126, signal: null };
          break;
        }
      }
      status = outcome(e, proc);
      if (!(e instanceof Killed) && !(e instanceof ExitNow) && !(e instanceof SysError)) {
        await new Sys(m, proc).err(`${proc.comm}: internal error: ${(e as Error).message}\n`).catch(() => {});
      }
    }
    break;
  }
  exitProcess(m, proc, status);
}

function outcome(e: unknown, proc: SimProcess): ExitStatus {
  if (e instanceof Killed) return { code: null, signal: signalName(e.signal) };
  if (proc.killedBy !== null) return { code: null, signal: signalName(proc.killedBy) };
  if (e instanceof ExitNow) return { code: e.code & 0xff, signal: null };
  return { code: e instanceof SysError && e.errno === 'EPIPE' ? 141 : 1, signal: null };
}

/** execve: finds the program in the process's own view and turns the process into it. */
export function execInPlace(m: Machine, proc: SimProcess, argv: string[], env: Record<string, string>): Program {
  const found = m.as(proc, () => resolveProgram(m, proc, argv, env));
  proc.argv = [...argv];
  proc.env = { ...env };
  proc.exe = found.exe;
  proc.comm = found.comm.slice(0, 15);
  return found.program;
}

export function exitProcess(m: Machine, proc: SimProcess, status: ExitStatus): void {
  if (!proc.alive) return;
  proc.finish(status);
  const parent = proc.parent;
  m.release(proc);
  if (parent) for (const f of [...parent.childExit]) f();
}

/**
 * kill(2): SIGKILL always ends a process; a pid namespace's init ignores
 * every other signal it has no handler for (emulated programs install
 * none); other default-fatal signals end the process.
 */
export function signalProcess(proc: SimProcess, sig: number): void {
  if (sig === 0 || !proc.alive) return;
  if (sig === 9) {
    proc.deliverFatal(9);
    return;
  }
  if (IGNORED_BY_DEFAULT.has(sig) || sig === 19 || sig === 20) return;
  if (proc.ns.pid.init === proc) return;
  proc.deliverFatal(sig);
}
