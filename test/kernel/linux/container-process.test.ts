import { readFileSync, rmSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import type { CapabilitySets, ContainerProcess, InitExecSpec } from '../../../core/kernel/types.js';
import { describeRoot, readAll } from '../../helpers/host.js';
import { makeBusyboxRootfs } from '../../helpers/rootfs.js';

/** Everything this host lets root have (these VMs withhold CAP_SYS_RESOURCE). */
const hostBounding = BigInt(`0x${/CapBnd:\s*([0-9a-f]+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0'}`);
const ALL_CAPS: CapabilitySets = { bounding: hostBounding, effective: hostBounding, permitted: hostBounding, inheritable: 0n, ambient: 0n };

function execSpec(args: string[], over: Partial<InitExecSpec> = {}): InitExecSpec {
  return {
    args, env: ['PATH=/bin'], cwd: '/', uid: 0, gid: 0, additionalGids: [], capabilities: ALL_CAPS,
    noNewPrivileges: false, rlimits: [], terminal: false, umask: 0o022, ...over,
  };
}

describeRoot('a container process built call by call through the native init (real kernel)', () => {
  let kernel: Kernel;
  let rootfs: string;
  let proc: ContainerProcess | null = null;

  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });
  beforeEach(() => { rootfs = makeBusyboxRootfs(); });
  afterEach(async () => {
    if (proc) {
      await kernel.kill(proc.pid, 'SIGKILL').catch(() => {});
      await proc.exited;
      proc = null;
    }
    rmSync(rootfs, { recursive: true, force: true });
    rmSync(`${rootfs}.exit`, { force: true });
  });

  async function buildRoot(p: ContainerProcess): Promise<void> {
    const init = { init: p };
    await kernel.mount({ source: '', target: '/', flags: ['rec', 'private'] }, init);
    await kernel.mount({ source: rootfs, target: rootfs, flags: ['bind', 'rec'] }, init);
    await kernel.mount({ source: 'proc', target: `${rootfs}/proc`, fstype: 'proc', flags: ['nosuid', 'nodev', 'noexec'] }, init);
    await kernel.mkdir(`${rootfs}/.oldroot`, { mode: 0o700, ...init });
    await kernel.pivotRoot(rootfs, `${rootfs}/.oldroot`, init);
    await kernel.chdir('/', init);
    await kernel.umount('/.oldroot', { detach: true, ...init });
    await kernel.sethostname('dbktest-ctr', init);
  }

  // Node resumes every stdio stream nobody reads yet when a child exits, dropping what it holds:
  // an exec that ended before its caller started reading lost its output (seen under load).
  it('keeps what the program printed for a caller who starts reading only after it has exited', async () => {
    proc = await kernel.containerSpawn({ create: ['pid', 'mnt', 'uts', 'ipc', 'net'], stdio: { kind: 'pipe' }, exitFile: `${rootfs}.exit` });
    await buildRoot(proc);
    await kernel.initExec(proc, execSpec(['sh', '-c', 'echo printed-before-exit; echo to-stderr >&2']));
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    await new Promise((r) => setTimeout(r, 100));
    expect(await readAll(proc.stdout)).toBe('printed-before-exit\n');
    expect(await readAll(proc.stderr)).toBe('to-stderr\n');
  });

  it('runs as PID 1 with its own hostname, sees only its own processes and only lo', async () => {
    proc = await kernel.containerSpawn({ create: ['pid', 'mnt', 'uts', 'ipc', 'net'], stdio: { kind: 'pipe' }, exitFile: `${rootfs}.exit` });
    await buildRoot(proc);
    const program = await kernel.initExec(proc, execSpec(['sh', '-c', 'echo pid=$$; hostname; ps -o pid,comm > /tmp/ps; tail -n +2 /tmp/ps; ls /sys/class/net 2>/dev/null || cat /proc/net/dev | tail -n +3 | cut -d: -f1']));
    expect(program).toBe('/bin/sh');
    const out = readAll(proc.stdout);
    // Created, not started: it waits on nothing here because no exec fifo was opened.
    const status = await proc.exited;
    const lines = (await out).trim().split('\n').map((l) => l.trim());
    expect(status).toEqual({ code: 0, signal: null });
    expect(lines[0]).toBe('pid=1');
    expect(lines[1]).toBe('dbktest-ctr');
    const ps = lines.filter((l) => /^\d+ /.test(l)).map((l) => l.split(/\s+/));
    expect(ps.map(([, comm]) => comm)).toEqual(['sh', 'ps']);
    expect(ps[0]?.[0]).toBe('1');
    expect(lines.at(-1)).toBe('lo');
    proc = null;
  });

  it('waits on the exec fifo until start, and passes the exit code through', async () => {
    const fifo = `${rootfs}.fifo`;
    await import('node:child_process').then((cp) => cp.execFileSync('mkfifo', [fifo]));
    try {
      proc = await kernel.containerSpawn({ create: ['pid', 'mnt', 'uts', 'ipc'], stdio: { kind: 'pipe' }, exitFile: `${rootfs}.exit` });
      await kernel.initOpenExecFifo(proc, fifo);
      await buildRoot(proc);
      await kernel.initExec(proc, execSpec(['sh', '-c', 'exit 42']));
      let done = false;
      void proc.exited.then(() => { done = true; });
      await new Promise((r) => setTimeout(r, 150));
      expect(done).toBe(false);
      await kernel.execFifoRelease(fifo);
      expect(await proc.exited).toEqual({ code: 42, signal: null });
      proc = null;
    } finally {
      rmSync(fifo, { force: true });
      rmSync(`${rootfs}.exit`, { force: true });
    }
  });

  it('reports a program that is not in the container as exec ENOENT, before start', async () => {
    proc = await kernel.containerSpawn({ create: ['pid', 'mnt'], stdio: { kind: 'ignore' }, exitFile: `${rootfs}.exit` });
    await buildRoot(proc);
    await expect(kernel.initExec(proc, execSpec(['no-such-program']))).rejects.toMatchObject({ errnoCode: 'ENOENT', message: 'exec(no-such-program): ENOENT' });
  });

  it('drops capabilities from the bounding set and sets no_new_privs', async () => {
    proc = await kernel.containerSpawn({ create: ['pid', 'mnt'], stdio: { kind: 'pipe' }, exitFile: `${rootfs}.exit` });
    await buildRoot(proc);
    const docker = 0xa80425fbn;
    await kernel.initExec(proc, execSpec(['sh', '-c', 'grep -E "^(CapBnd|CapEff|NoNewPrivs)" /proc/self/status'], {
      capabilities: { bounding: docker, effective: docker, permitted: docker, inheritable: 0n, ambient: 0n }, noNewPrivileges: true,
    }));
    const out = await readAll(proc.stdout);
    await proc.exited;
    proc = null;
    expect(out).toContain('CapBnd:\t00000000a80425fb');
    expect(out).toContain('CapEff:\t00000000a80425fb');
    expect(out).toMatch(/NoNewPrivs:\t1/);
  });

  it('writes stdout and stderr to a json-file log in the shim, line by line', async () => {
    const log = `${rootfs}.log`;
    try {
      proc = await kernel.containerSpawn({ create: ['pid', 'mnt'], stdio: { kind: 'json-log', path: log }, exitFile: `${rootfs}.exit` });
      await buildRoot(proc);
      await kernel.initExec(proc, execSpec(['sh', '-c', 'echo "one \\"quoted\\""; echo two >&2; printf "tab\\there"']));
      expect(await proc.exited).toEqual({ code: 0, signal: null });
      proc = null;
      const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { log: string; stream: string; time: string });
      expect(lines.map((l) => [l.stream, l.log]).sort()).toEqual([['stderr', 'two\n'], ['stdout', 'one "quoted"\n'], ['stdout', 'tab\there']]);
      for (const l of lines) expect(l.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    } finally {
      rmSync(log, { force: true });
    }
  });

  it('refuses calls after exec: the init is gone', async () => {
    proc = await kernel.containerSpawn({ create: ['pid', 'mnt'], stdio: { kind: 'ignore' }, exitFile: `${rootfs}.exit` });
    await buildRoot(proc);
    await kernel.initExec(proc, execSpec(['true']));
    await expect(kernel.mkdir('/x', { init: proc })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });
});
