import type { Kernel } from '../kernel/kernel.js';
import { removeEmptyParents, waitCgroupEmpty } from './cgroup-parents.js';
import { chooseCgroupManager } from './cgroups/manager.js';
import { killEach } from './cgroups/tree.js';
import { loadRecord, processStartTime, recordPaths, type ContainerRecord } from './container-record.js';
import { containerStatus, waitStopped } from './container-status.js';
import { runHooks } from './hooks.js';
import { parseSignal } from './oci/signals.js';
import { OCI_SPEC_VERSION } from './oci/spec-types.js';
import type { RuntimeState } from './oci/state-types.js';
import { badState } from './runtime-errors.js';
import { DockbookError } from '../errors.js';

/** `state`: the OCI state, read from the host now. */
export async function containerState(kernel: Kernel, root: string, id: string): Promise<RuntimeState> {
  const rec = await loadRecord(kernel, root, id);
  return stateOf(rec, await containerStatus(kernel, root, rec));
}

export function stateOf(rec: ContainerRecord, status: RuntimeState['status']): RuntimeState {
  return {
    ociVersion: OCI_SPEC_VERSION,
    id: rec.id,
    status,
    // OCI: pid is meaningful only while the process exists; runc prints 0 after.
    pid: status === 'stopped' ? 0 : rec.pid,
    bundle: rec.bundle,
    rootfs: rec.rootfs,
    created: rec.created,
    annotations: rec.annotations,
  };
}

/** `start`: lets the created process exec its program. Returns the poststart hooks' warnings. */
export async function startContainer(kernel: Kernel, root: string, id: string): Promise<string[]> {
  const rec = await loadRecord(kernel, root, id);
  const status = await containerStatus(kernel, root, rec);
  if (status !== 'created') throw badState(id, 'start', status);
  const { execFifo } = recordPaths(root, id);
  await kernel.execFifoRelease(execFifo);
  await kernel.remove(execFifo, { force: true });
  // Poststart hooks come "after the user-specified process is executed": the byte on the fifo only lets the init go on to exec.
  if (rec.spec.hooks?.poststart?.length) await waitExeced(kernel, rec);
  return runHooks(kernel, rec.spec, 'poststart', stateOf(rec, 'running'));
}

/**
 * Waits until the init has become the user's program — its cmdline turns
 * into process.args — or is gone; at most a second, since a program may
 * rewrite its own argv.
 */
async function waitExeced(kernel: Kernel, rec: ContainerRecord): Promise<void> {
  const want = `${rec.spec.process.args.join('\0')}\0`;
  for (let i = 0; i < 200; i++) {
    const cmdline = await kernel.readText(`/proc/${rec.pid}/cmdline`).catch(() => '');
    if (cmdline === '' || cmdline === want) return;
    await kernel.sleep(5);
  }
}

/** `kill [--all] ID SIGNAL`. */
export async function killContainer(kernel: Kernel, root: string, id: string, signal = 'SIGTERM', all = false): Promise<void> {
  const sig = parseSignal(signal);
  const rec = await loadRecord(kernel, root, id);
  const status = await containerStatus(kernel, root, rec);
  if (status === 'stopped') throw badState(id, 'kill', status);
  if (all && sig.name === 'SIGKILL') {
    await (await chooseCgroupManager(kernel, rec.cgroupsPath)).killAll();
    return;
  }
  const pids = all ? await (await chooseCgroupManager(kernel, rec.cgroupsPath)).pids() : [rec.pid];
  await killEach(kernel, pids, sig.number);
}

/** `delete [--force]`: removes a stopped container; with force, kills it first. Returns the poststop hooks' warnings. */
export async function deleteContainer(kernel: Kernel, root: string, id: string, force = false): Promise<string[]> {
  const rec = await loadRecord(kernel, root, id);
  const status = await containerStatus(kernel, root, rec);
  const cgroup = await chooseCgroupManager(kernel, rec.cgroupsPath);
  if (status !== 'stopped') {
    if (!force) throw badState(id, 'delete', status);
    await kernel.kill(rec.pid, 'SIGKILL').catch(() => {});
    await cgroup.killAll().catch(() => {});
    if (!(await waitStopped(kernel, root, rec))) {
      throw new DockbookError('E_CONTAINER_STATE', `container "${id}" did not stop after SIGKILL`, { hint: 'its processes may be stuck in the kernel (D state)' });
    }
  }
  // A pid namespace's last processes are reaped asynchronously after init dies.
  await waitCgroupEmpty(kernel, cgroup);
  // The shim writes the exit file into the state dir after its child is gone: let it finish
  // before the directory is removed under it.
  for (let i = 0; i < 200 && (await processStartTime(kernel, rec.shimPid)) !== null; i++) await kernel.sleep(5);
  await cgroup.destroy();
  await removeEmptyParents(kernel, cgroup);
  await kernel.remove(recordPaths(root, id).dir, { recursive: true, force: true });
  return runHooks(kernel, rec.spec, 'poststop', stateOf(rec, 'stopped'));
}

/** `ps`: host pids of every process in the container's cgroup. */
export async function containerPids(kernel: Kernel, root: string, id: string): Promise<number[]> {
  const rec = await loadRecord(kernel, root, id);
  return (await chooseCgroupManager(kernel, rec.cgroupsPath)).pids();
}
