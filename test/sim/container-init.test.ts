import { afterEach, describe, expect, it } from 'vitest';
import type { InitExecSpec } from '../../core/kernel/types.js';
import type { SimKernel } from '../../core/sim/index.js';
import { installBusyboxRootfs } from '../../core/sim/index.js';
import { boot, readAll } from './sim-helpers.js';

const execSpec = (args: string[]): InitExecSpec => ({
  args, env: ['PATH=/bin'], cwd: '/', uid: 0, gid: 0, additionalGids: [],
  capabilities: { bounding: 0xa80425fbn, effective: 0xa80425fbn, permitted: 0xa80425fbn, inheritable: 0n, ambient: 0n },
  noNewPrivileges: true, rlimits: [], terminal: false, umask: 0o022,
});

describe('a container init, call by call, as native/dockbook-shim.c behaves', () => {
  let k: SimKernel;
  afterEach(() => k.shutdown());

  async function pivoted(stdio: Parameters<SimKernel['containerSpawn']>[0]['stdio'] = { kind: 'pipe' }, fifo?: string) {
    installBusyboxRootfs(k.view, '/c/rootfs');
    const proc = await k.containerSpawn({ create: ['mnt', 'pid', 'uts', 'ipc', 'net'], stdio, exitFile: '/c/exit' });
    const init = { init: proc };
    // The fifo is a host path: it is opened before pivot_root, as the runtime does.
    if (fifo) await k.initOpenExecFifo(proc, fifo);
    await k.mount({ source: '', target: '/', flags: ['slave', 'rec'] }, init);
    await k.mount({ source: '/c/rootfs', target: '/c/rootfs', flags: ['bind', 'rec'] }, init);
    await k.mount({ source: 'proc', target: '/c/rootfs/proc', fstype: 'proc' }, init);
    await k.chdir('/c/rootfs', init);
    await k.pivotRoot('.', '.', init);
    await k.umount('.', { detach: true, ...init });
    return proc;
  }

  it('answers a failed call with the call, its path and the errno', async () => {
    k = boot();
    const proc = await pivoted();
    const init = { init: proc };
    await expect(k.mount({ source: 'x', target: '/nope', fstype: 'tmpfs' }, init)).rejects.toMatchObject({ message: 'mount(/nope): ENOENT' });
    await expect(k.mkdir('/proc/x', init)).rejects.toMatchObject({ call: 'mkdir', errnoCode: 'EPERM' });
    expect(await k.lookupType('/bin/sh', init)).toBe('symlink');
    expect(await k.lookupType('/missing', init)).toBeNull();
    await expect(k.initExec(proc, execSpec(['nosuchprog']))).rejects.toMatchObject({ message: 'exec(nosuchprog): ENOENT' });
  });

  it('waits on the exec fifo, applies identity and capabilities, and records the exit', async () => {
    k = boot();
    await k.mknod('/c/fifo', 'fifo', 0o600, 0, 0).catch(async () => {
      await k.mkdir('/c', { recursive: true });
      await k.mknod('/c/fifo', 'fifo', 0o600, 0, 0);
    });
    const proc = await pivoted({ kind: 'pipe' }, '/c/fifo');
    await k.sethostname('inside', { init: proc });
    expect(await k.initExec(proc, execSpec(['sh', '-c', 'hostname; grep -E "^(CapBnd|NoNewPrivs)" /proc/self/status; exit 4']))).toBe('/bin/sh');
    await k.sleep(100);
    expect((await k.readText(`/proc/${proc.pid}/status`))).toContain('Name:\tdockbook-shim');
    await k.execFifoRelease('/c/fifo');
    expect(await readAll(proc.stdout)).toBe('inside\nCapBnd:\t00000000a80425fb\nNoNewPrivs:\t1\n');
    expect(await proc.exited).toEqual({ code: 4, signal: null });
    expect(await k.readText('/c/exit')).toBe('exited 4\n');
    await expect(k.execFifoRelease('/c/fifo')).rejects.toMatchObject({ message: 'open(/c/fifo): ENXIO' });
  });

  it('records a signal as `signaled N` and writes json-file log lines', async () => {
    k = boot();
    const proc = await pivoted({ kind: 'json-log', path: '/c/log.json' });
    await k.initExec(proc, execSpec(['sh', '-c', 'echo hello; echo oops >&2; sleep 100']));
    await k.sleep(10);
    await k.kill(proc.pid, 'SIGKILL');
    expect(await proc.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await k.readText('/c/exit')).toBe('signaled 9\n');
    const lines = (await k.readText('/c/log.json')).trim().split('\n').map((l) => JSON.parse(l) as { log: string; stream: string; time: string });
    expect(lines.map((l) => [l.log, l.stream])).toEqual([['hello\n', 'stdout'], ['oops\n', 'stderr']]);
    expect(lines[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  });
});
