import type { Kernel } from '../kernel/kernel.js';
import type { ContainerProcess, ContainerStdio } from '../kernel/types.js';
import { chooseCgroupManager } from './cgroups/manager.js';
import { loadRecord, recordPaths } from './container-record.js';
import { containerStatus } from './container-status.js';
import { initExecSpec } from './exec-spec.js';
import type { Process } from './oci/spec-types.js';
import { badState } from './runtime-errors.js';

export interface ExecOptions {
  readonly stdio?: ContainerStdio;
  readonly consoleSocket?: string;
  /** A new terminal in the container's devpts, as for create (see CreateOptions.ownPty). */
  readonly ownPty?: boolean;
}

export interface Execed extends ContainerProcess {
  /** With `ownPty`: the caller's descriptor of the pty master (the caller closes it). */
  readonly ptyMaster: number | null;
}

let execSeq = 0;

/**
 * `exec`: a new process in every namespace and the cgroup of a running
 * container. The native helper joins the namespaces itself (the pid
 * namespace before it forks), so no Node process ever enters the container.
 */
export async function execInContainer(kernel: Kernel, root: string, id: string, process: Process, opts: ExecOptions = {}): Promise<Execed> {
  const rec = await loadRecord(kernel, root, id);
  const status = await containerStatus(kernel, root, rec);
  if (status !== 'running') throw badState(id, 'exec into', status);
  const ns = (k: string) => `/proc/${rec.pid}/ns/${k}`;
  const join = { ipc: ns('ipc'), uts: ns('uts'), net: ns('net'), pid: ns('pid'), cgroup: ns('cgroup'), mnt: ns('mnt') };
  const exitFile = `${recordPaths(root, id).dir}/exec-${kernel.now()}-${++execSeq}.exit`;
  const proc = await kernel.containerSpawn({ create: [], join, stdio: opts.stdio ?? { kind: 'inherit' }, exitFile });
  let ptyMaster: number | null = null;
  try {
    await (await chooseCgroupManager(kernel, rec.cgroupsPath)).addProcess(proc.pid);
    const terminal = process.terminal ?? false;
    if (terminal && opts.consoleSocket) await kernel.initConnectConsole(proc, opts.consoleSocket);
    if (opts.ownPty && !terminal) ptyMaster = await kernel.initOpenPty(proc);
    await kernel.initExec(proc, initExecSpec(process, terminal || (ptyMaster !== null ? 'stdin' : false)));
  } catch (e) {
    if (ptyMaster !== null) await kernel.closeFd(ptyMaster).catch(() => {});
    await kernel.kill(proc.pid, 'SIGKILL').catch(() => {});
    await proc.exited.catch(() => {});
    throw e;
  } finally {
    // exec has no fifo to wait on: the process runs as soon as initExec returns.
    void proc.exited.then(() => kernel.remove(exitFile, { force: true })).catch(() => {});
  }
  return { ...proc, ptyMaster };
}
