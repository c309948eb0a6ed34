import { describe, expect, it } from 'vitest';
import { KernelError } from '../../../core/kernel/kernel-error.js';
import { cgroupError, cgroupHint } from '../../../core/runtime/cgroups/errors.js';

describe('cgroup errors', () => {
  it('keeps the one-line call(path): ERRNO message, as E_CGROUP, with a hint about that file', () => {
    const path = '/sys/fs/cgroup/memory/dockbook/x/memory.limit_in_bytes';
    let caught: unknown;
    try { cgroupError(new KernelError('write', path, 'EBUSY'), 'write', path, { value: '4096' }); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(KernelError);
    expect(caught).toMatchObject({ code: 'E_CGROUP', errnoCode: 'EBUSY', message: `write(${path}): EBUSY` });
    expect((caught as KernelError).hint).toMatch(/more memory than "4096"/);
    expect((caught as KernelError).oneLine()).not.toContain('\n');
  });

  it('explains the errnos that mean different things for different files', () => {
    expect(cgroupHint('write', '/x/cgroup.procs', 'ENOSPC')).toMatch(/cpuset\.cpus or cpuset\.mems .* empty/);
    expect(cgroupHint('write', '/x/cgroup.procs', 'EBUSY')).toMatch(/no internal processes/);
    expect(cgroupHint('write', '/x/cpuset.cpus', 'EINVAL', '0-99')).toMatch(/"0-99" must be a subset of the parent's cpuset\.cpus/);
    expect(cgroupHint('write', '/x/blkio.bfq.weight_device', 'EOPNOTSUPP')).toMatch(/BFQ/);
    expect(cgroupHint('write', '/x/io.bfq.weight', 'ENOTSUP')).toMatch(/BFQ/);
    expect(cgroupHint('write', '/x/cpuset.cpus', 'ERANGE', '0-4095')).toMatch(/"0-4095" names a CPU or memory node this machine does not have/);
    expect(cgroupHint('read', '/x/memory.stat', 'ENOENT')).toMatch(/cgroup was removed/);
    expect(cgroupHint('write', '/x/memory.swap.max', 'EACCES', '0', true)).toMatch(/memory\.swap\.max does not exist here/);
    expect(cgroupHint('rmdir', '/x', 'EBUSY')).toMatch(/processes are still in the cgroup/);
  });

  it('lets anything that is not a kernel error through unchanged', () => {
    const boom = new TypeError('boom');
    expect(() => cgroupError(boom, 'write', '/x/y')).toThrow(boom);
  });
});
