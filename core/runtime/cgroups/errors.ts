import { DockbookError } from '../../errors.js';
import { KernelError, isKernelError } from '../../kernel/kernel-error.js';

/** Errnos a caller reacts to rather than reports. */
export function errnoOf(e: unknown): string | null {
  return isKernelError(e) ? e.errnoCode : null;
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * What an errno means for a particular cgroup file. The kernel answers most
 * refusals with a bare EINVAL or EBUSY; which rule was broken depends on
 * the file, so the hint is chosen by file and errno together.
 */
export function cgroupHint(call: string, path: string, errno: string, value?: string, fileMissing = false): string | undefined {
  const file = baseName(path);
  const v = value === undefined ? '' : ` "${value}"`;
  if (fileMissing) {
    return `${file} does not exist here (cgroupfs answers a write to a missing file with EACCES): the controller is not enabled for this cgroup, or the kernel lacks the feature`;
  }
  if (call === 'mkdir') {
    if (errno === 'ENOENT') return 'the cgroup hierarchy it belongs to is not mounted there';
    if (errno === 'EROFS') return 'the cgroup filesystem is mounted read-only (running inside a container?)';
  }
  if (call === 'rmdir') {
    if (errno === 'EBUSY') return 'processes are still in the cgroup: kill them (and wait for them to exit) first';
    if (errno === 'ENOTEMPTY') return 'child cgroups are still inside it';
  }
  if (call === 'read' && errno === 'ENOENT') return `${file} is not there: the cgroup was removed, or its controller is not enabled for it`;
  if (call !== 'write') return undefined;
  if (errno === 'ENOENT') return `${file} does not exist here: the controller is not enabled for this cgroup, or the kernel lacks the feature`;
  if (file === 'cgroup.procs' || file === 'tasks') {
    if (errno === 'ESRCH') return `process${v} no longer exists`;
    if (errno === 'ENOSPC') return 'cpuset.cpus or cpuset.mems of the cgroup is empty: a v1 cpuset needs both before it takes a process';
    if (errno === 'EBUSY') return 'cgroup v2 "no internal processes" rule: this cgroup passes controllers to children, so it cannot hold processes itself';
  }
  if (file === 'cgroup.subtree_control') {
    if (errno === 'ENOENT' || errno === 'EINVAL') return 'a controller asked for is not in this cgroup\'s cgroup.controllers';
    if (errno === 'EBUSY') return 'cgroup v2 "no internal processes" rule: the cgroup has processes of its own, so it cannot hand controllers down';
  }
  if (file === 'memory.limit_in_bytes' || file === 'memory.max') {
    if (errno === 'EBUSY') return `the group already uses more memory than${v} and the kernel could not reclaim enough`;
    if (errno === 'EINVAL') return 'on v1 the memory limit cannot be above memory.memsw.limit_in_bytes: raise the swap limit first';
  }
  if (file === 'memory.memsw.limit_in_bytes' && errno === 'EINVAL') return 'memory+swap must be at least memory.limit_in_bytes';
  if (file.startsWith('cpuset.') && errno === 'ERANGE') return `${v.trim() || 'the value'} names a CPU or memory node this machine does not have`;
  if (file.startsWith('cpuset.') && errno === 'EINVAL') return `${v.trim() || 'the value'} must be a subset of the parent's ${file} and of what is online`;
  if ((file === 'cpu.cfs_quota_us' || file === 'cpu.cfs_period_us' || file === 'cpu.max') && errno === 'EINVAL') {
    return 'the quota is more than the parent group allows, or quota/period is out of range (1 ms – 1 s)';
  }
  // Node names errno 95 ENOTSUP; the kernel headers call it EOPNOTSUPP.
  if (/weight_device$|^io\.(bfq\.)?weight$/.test(file) && (errno === 'EOPNOTSUPP' || errno === 'ENOTSUP')) {
    return 'the device does not use the BFQ I/O scheduler (see /sys/block/DEV/queue/scheduler)';
  }
  if ((file.startsWith('blkio.') || file.startsWith('io.')) && (errno === 'ENODEV' || errno === 'EINVAL')) {
    return 'no whole block device has that MAJ:MIN (see /sys/block/*/dev)';
  }
  if (file.startsWith('devices.')) {
    if (errno === 'EINVAL') return `the rule${v} is not "TYPE MAJ:MIN ACCESS"`;
    if (errno === 'EPERM') return 'a child cgroup cannot allow devices its parent denies';
  }
  return undefined;
}

/**
 * Re-raises a failed kernel call on a cgroup file as E_CGROUP, keeping the
 * one-line `call(path): ERRNO` message and adding a hint about that file.
 */
export function cgroupError(e: unknown, call: string, path: string, opts: { value?: string; fileMissing?: boolean } = {}): never {
  if (!isKernelError(e)) throw e;
  throw new KernelError(call, path, e.errnoCode, {
    code: 'E_CGROUP',
    hint: cgroupHint(call, path, e.errnoCode, opts.value, opts.fileMissing) ?? e.hint,
    cause: e,
  });
}

export function cgroupFailure(message: string, hint: string, cause?: unknown): DockbookError {
  return new DockbookError('E_CGROUP', message, { hint, cause });
}
