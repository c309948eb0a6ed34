import { errnoNumber } from '../errno.js';
import type { InitCall, InitCallOutcome } from '../init-batch.js';
import { KernelError } from '../kernel-error.js';
import type { InitRef, NamespaceKind } from '../types.js';
import { channelOf } from './container-process.js';
import { decode, encode } from './control-channel.js';
import { CLONE, MNT_DETACH, S_IF } from './libc.js';
import { mountFlags } from './mount-flags.js';

const NS_FLAG: Record<NamespaceKind, number> = {
  mnt: CLONE.NEWNS, uts: CLONE.NEWUTS, ipc: CLONE.NEWIPC, pid: CLONE.NEWPID, net: CLONE.NEWNET, cgroup: CLONE.NEWCGROUP, user: CLONE.NEWUSER,
};

/** The frame the init reads for one call (see `handle` in native/dockbook-shim.c). */
export function initFields(c: InitCall): (string | Uint8Array)[] {
  switch (c.call) {
    case 'mount': {
      const [spec] = c.args;
      return ['mount', spec.source, spec.target, spec.fstype ?? '', String(mountFlags(spec.flags)), spec.data ?? ''];
    }
    case 'umount': return ['umount', c.args[0], String(c.args[1]?.detach ? MNT_DETACH : 0)];
    case 'pivotRoot': return ['pivot_root', c.args[0], c.args[1]];
    case 'chdir': return ['chdir', c.args[0]];
    case 'mkdir': {
      const [path, opts] = c.args;
      return ['mkdir', path, (opts?.mode ?? 0o755).toString(8), opts?.recursive ? 'p' : '-'];
    }
    case 'mknod': {
      const [path, type, mode, major, minor] = c.args;
      return ['mknod', path, (S_IF[type] | (mode & 0o7777)).toString(8), String(major), String(minor)];
    }
    case 'symlink': return ['symlink', c.args[0], c.args[1]];
    case 'writeFile': return ['write', c.args[0], c.args[1]];
    case 'lookupType': return ['lstat', c.args[0]];
    case 'sethostname': return ['sethostname', c.args[0]];
    case 'unshare': return ['unshare', String(c.args[0].reduce((f, k) => f | NS_FLAG[k], 0))];
    case 'initOpenExecFifo': return ['exec_fifo', c.args[1]];
    case 'initConnectConsole': return ['console', c.args[1]];
  }
}

/** errnos a call ends on without ending its batch: lookupType's "nothing there" is an answer, not a failure. */
function toleratedErrnos(c: InitCall): string {
  const names = [...(c.tolerate ?? []), ...(c.call === 'lookupType' ? ['ENOENT'] : [])];
  return names.map((n) => errnoNumber(n)).filter((n) => n !== undefined).join(',');
}

/** The "batch" request: each call's frame, prefixed by the errnos it may end on. */
export function batchFields(calls: readonly InitCall[]): (string | Uint8Array)[] {
  return ['batch', ...calls.map((c) => encode([toleratedErrnos(c), ...initFields(c)]))];
}

/** One call's reply in a batch: its own `ok VALUE` / `err ERRNO CALL SUBJECT`, then start (µs) and duration (ns). */
export function batchOutcome(c: InitCall, reply: readonly string[]): InitCallOutcome {
  const [startUs, durNs] = reply.slice(-2).map(Number) as [number, number];
  const timing = { startedAt: startUs / 1000, ms: durNs / 1e6 };
  if (reply[0] === 'ok') return { ok: true, value: c.call === 'lookupType' ? reply[1] : undefined, ...timing };
  const errno = Number(reply[1] ?? 22);
  if (c.call === 'lookupType' && errno === errnoNumber('ENOENT')) return { ok: true, value: null, ...timing };
  return { ok: false, error: new KernelError(reply[2] ?? c.call, reply[3] ?? '', errno), ...timing };
}

/** Sends the calls to the init in one frame and reads every reply from one (see native/init-batch.c). */
export async function initBatch(init: InitRef, calls: readonly InitCall[]): Promise<InitCallOutcome[]> {
  if (calls.length === 0) return [];
  const reply = await channelOf(init).exchange(batchFields(calls));
  if (reply[0]?.toString('utf8') !== 'batch') {
    // The init could not answer per call (no memory for the reply): the whole batch failed as one.
    const [, errno, call, subject] = reply.map((b) => b.toString('utf8'));
    throw new KernelError(call ?? 'batch', subject ?? '', Number(errno ?? 22));
  }
  return reply.slice(1).map((r, i) => batchOutcome(calls[i]!, decode(r)));
}
