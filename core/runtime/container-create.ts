import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import type { ContainerProcess, ContainerStdio } from '../kernel/types.js';
import { removeEmptyParents, waitCgroupEmpty } from './cgroup-parents.js';
import { chooseCgroupManager, type CgroupManager } from './cgroups/manager.js';
import type { LinuxResources } from './cgroups/resources.js';
import { processStartTime, recordPaths, saveRecord, type ContainerRecord } from './container-record.js';
import { initExecSpec } from './exec-spec.js';
import { runHooks } from './hooks.js';
import { InitQueue } from './init-queue.js';
import { specNamespaces } from './namespaces-of-spec.js';
import { effectiveDeviceRules, type DeviceCgroupRuleJson } from './oci/default-spec.js';
import type { Spec } from './oci/spec-types.js';
import { OCI_SPEC_VERSION } from './oci/spec-types.js';
import type { RuntimeState } from './oci/state-types.js';
import { parseSpecText } from './oci/validate.js';
import { setupRootfs } from './rootfs-setup.js';
import { checkId, containerExists, execFailed } from './runtime-errors.js';

export interface CreateOptions {
  readonly stdio?: ContainerStdio;
  /** A unix socket that receives the pty master (runc's --console-socket). */
  readonly consoleSocket?: string;
  /** Set instead of reading `<bundle>/config.json` (the engine builds specs in memory). */
  readonly spec?: Spec;
  /**
   * A terminal made inside the container after its mounts (dockerd's -t):
   * its slave becomes the program's stdio and controlling terminal, its
   * master is returned to the caller in `ptyMaster`.
   */
  readonly ownPty?: boolean;
  /** What the shim keeps of the container's stdin for an engine that restarts (ContainerProcessSpec.keep). */
  readonly keep?: 'pty' | 'stdin';
}

export interface Created {
  readonly record: ContainerRecord;
  readonly process: ContainerProcess;
  /** With `ownPty`: the caller's descriptor of the pty master (the caller closes it). */
  readonly ptyMaster: number | null;
}

/**
 * `create`: everything up to the point where only exec is left. The
 * container's process then waits on the exec fifo until `start`. A failure at
 * any step undoes all earlier ones: no process, cgroup or state is left.
 */
export async function createContainer(kernel: Kernel, root: string, id: string, bundle: string, opts: CreateOptions = {}): Promise<Created> {
  checkId(id);
  const paths = recordPaths(root, id);
  if (await kernel.exists(paths.dir)) throw containerExists(id);
  const spec = opts.spec ?? (await readSpec(kernel, bundle));
  const rootfs = spec.root.path.startsWith('/') ? spec.root.path : `${bundle}/${spec.root.path}`;
  if (!(await kernel.stat(rootfs).then((s) => s.type === 'dir', () => false))) {
    throw new DockbookError('E_NO_ROOTFS', `rootfs ${rootfs} does not exist or is not a directory`, { hint: 'root.path in config.json names the container\'s root filesystem' });
  }
  const terminal = spec.process.terminal ?? false;
  if (terminal && !opts.consoleSocket) {
    throw new DockbookError('E_INVALID_ARGUMENT', 'process.terminal is true but no --console-socket was given', { hint: 'pass --console-socket, or set process.terminal to false' });
  }
  const ns = specNamespaces(spec);

  await kernel.mkdir(root, { recursive: true, mode: 0o711 });
  await kernel.mkdir(paths.dir, { mode: 0o700 });
  let cgroup: CgroupManager | null = null;
  let proc: ContainerProcess | null = null;
  let ptyMaster: number | null = null;
  try {
    const cgroupsPath = spec.linux?.cgroupsPath ?? `/dockbook/${id}`;
    cgroup = await chooseCgroupManager(kernel, cgroupsPath);
    await cgroup.create();
    const resources = (spec.linux?.resources ?? {}) as LinuxResources & { devices?: DeviceCgroupRuleJson[] };
    // runc adds its own allowlist after the config's rules; so must a runc-compatible runtime.
    await cgroup.apply({ ...resources, devices: effectiveDeviceRules(resources.devices ?? []) } as LinuxResources);

    proc = await kernel.containerSpawn({ create: ns.create, join: ns.join, stdio: opts.stdio ?? { kind: 'inherit' }, exitFile: paths.exitFile, keep: opts.keep });
    const within = { init: proc };
    // The init's calls go in batches (see InitQueue): they run in this order all the same.
    const q = new InitQueue(kernel, within);
    await cgroup.addProcess(proc.pid);
    if (ns.cgroupLater) q.add({ call: 'unshare', args: [['cgroup'], within] });
    if (spec.process.oomScoreAdj !== undefined) await kernel.writeFile(`/proc/${proc.pid}/oom_score_adj`, String(spec.process.oomScoreAdj));
    // The init makes the exec fifo itself (a host path: its mounts are still the host's) in the
    // same batch that opens it, which spares the engine a libc call of its own.
    q.add({ call: 'mknod', args: [paths.execFifo, 'fifo', 0o600, 0, 0, within] });
    q.add({ call: 'initOpenExecFifo', args: [proc, paths.execFifo] });
    if (terminal) q.add({ call: 'initConnectConsole', args: [proc, opts.consoleSocket!] });

    const record: ContainerRecord = {
      id, bundle, rootfs, pid: proc.pid, shimPid: proc.shimPid,
      pidStartTime: (await processStartTime(kernel, proc.pid)) ?? '',
      created: new Date(kernel.now()).toISOString(), cgroupsPath, annotations: spec.annotations ?? {}, spec,
    };
    const creating: RuntimeState = { ociVersion: OCI_SPEC_VERSION, id, status: 'creating', pid: proc.pid, bundle, annotations: record.annotations, created: record.created };
    // A hook may look at the container's process: it must find it as far along as the calls above say.
    if (spec.hooks?.prestart?.length || spec.hooks?.createRuntime?.length) await q.flush();
    await runHooks(kernel, spec, 'prestart', creating);
    await runHooks(kernel, spec, 'createRuntime', creating);

    await setupRootfs(kernel, spec, rootfs, q);
    if (spec.hostname !== undefined && ns.create.includes('uts')) q.add({ call: 'sethostname', args: [spec.hostname, within] });
    await q.flush();
    // After the mounts: the pty comes from the container's own devpts.
    if (opts.ownPty && !terminal) ptyMaster = await kernel.initOpenPty(proc, '/dev/console');
    await kernel.initExec(proc, initExecSpec(spec.process, terminal || (ptyMaster !== null ? 'stdin' : false))).catch((e: { call?: string; errnoCode?: string }) => {
      throw e.call === 'exec' && e.errnoCode ? execFailed(spec.process.args[0] ?? '', e.errnoCode, e) : e;
    });
    await saveRecord(kernel, root, record);
    return { record, process: proc, ptyMaster };
  } catch (e) {
    if (ptyMaster !== null) await kernel.closeFd(ptyMaster).catch(() => {});
    await undoCreate(kernel, paths.dir, proc, cgroup);
    throw e;
  }
}

async function readSpec(kernel: Kernel, bundle: string): Promise<Spec> {
  let text: string;
  try {
    text = await kernel.readText(`${bundle}/config.json`);
  } catch {
    throw new DockbookError('E_INVALID_CONFIG', `no config.json in bundle ${bundle}`, { hint: "write one with 'dockbook-runtime spec'" });
  }
  return parseSpecText(text);
}

async function undoCreate(kernel: Kernel, dir: string, proc: ContainerProcess | null, cgroup: CgroupManager | null): Promise<void> {
  if (proc) {
    await kernel.kill(proc.pid, 'SIGKILL').catch(() => {});
    await proc.exited.catch(() => {});
  }
  if (cgroup) {
    await waitCgroupEmpty(kernel, cgroup);
    await cgroup.destroy().catch(() => {});
    await removeEmptyParents(kernel, cgroup);
  }
  await kernel.remove(dir, { recursive: true, force: true }).catch(() => {});
}
