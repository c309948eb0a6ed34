import { fail } from '../vfs/index.js';
import { gen, type GenFile } from '../gen-fs.js';
import type { CgroupNode } from './cgroup-node.js';
import type { CgroupHost } from './cgroup-host.js';

/**
 * cgroup.procs: the member pids as the reader's pid namespace numbers them
 * (members it cannot see are left out); writing a pid moves that process here.
 */
export function procsFile(host: CgroupHost, n: CgroupNode): GenFile {
  return gen.file(
    () => {
      const ns = host.callerPidNs();
      const pids = [...n.procs].filter((p) => p.alive).map((p) => p.pidIn(ns)).filter((p): p is number => p !== null);
      return pids.sort((a, b) => a - b).map((p) => `${p}\n`).join('');
    },
    (text) => {
      const t = text.trim();
      if (!/^\d+$/.test(t)) fail('EINVAL');
      const pid = Number(t);
      const proc = pid === 0 ? null : host.processByPid(pid, host.callerPidNs());
      if (!proc) fail('ESRCH' as never);
      host.attach(proc, n);
    },
  );
}
