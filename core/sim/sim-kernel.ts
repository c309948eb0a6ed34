import type { InInit, Kernel } from '../kernel/kernel.js';
import { runOneByOne, type InitCall, type InitCallOutcome } from '../kernel/init-batch.js';
import { KernelError } from '../kernel/kernel-error.js';
import type {
  ByteSink, ContainerProcess, ContainerProcessSpec, DirEntry, DiskSpace, FileStat, InitExecSpec, InitRef, KernelProcess, LinkChange,
  LinkInfo, LinkSpec, MountInfo, MountSpec, NamespaceInodes, NamespaceKind, NetNsRef, PtyPair, PtyStream, RouteInfo, RouteSpec,
  SocketAddress, SpawnSpec, TcpListener, TcpStream, UdpSocket, UnameInfo, Within,
} from '../kernel/types.js';
import { installBusyboxRootfs } from './busybox-rootfs.js';
import { FileDesc } from './file-desc.js';
import { Pty } from './pty.js';
import { installHostTools } from './programs/host-tools.js';
import { registerKernelTypes, mountHostFilesystems } from './host-setup.js';
import { containerSpawn } from './init/container-spawn.js';
import { dialLogReceiver } from '../engine/log-drivers/remote-log.js';
import { InitCalls } from './init/init-calls.js';
import type { InitState } from './init/init-state.js';
import { Machine, type MachineOptions } from './machine.js';
import { NetNamespace } from './namespaces.js';
import { NetStack } from './net/net-stack.js';
import * as net from './net/link-ops.js';
import { kernelTcpConnect, kernelTcpListen, kernelUdpBind } from './net/kernel-sockets.js';
import { netWorld } from './net/world.js';
import { spawnProgram } from './spawn.js';
import type { SimProcess } from './process.js';
import { forkProcess, signalProcess, type CreateKind } from './process-ops.js';
import { sha256Hex } from './sha256.js';
import { signalNumber } from './signals.js';
import { SeededRandom, type FsView } from './vfs/index.js';

export const SIM_RELEASE = '6.18.0-dockbook-sim';
const HOST_USER_NS = 4026531837;
const NS_LINK_RE = /^([a-z_]+):\[(\d+)\]$/;

/**
 * The Kernel interface over a simulated machine. The engine is one process
 * on it (`pid()`); file calls happen in its view, `{ init }` calls in the
 * container's init, and time is virtual: `sleep` returns once the machine
 * has run everything due before then.
 */
export class SimKernel implements Kernel {
  readonly kind = 'sim' as const;
  readonly machine: Machine;
  readonly engine: SimProcess;
  private readonly rng: SeededRandom;
  private readonly inits = new Map<number, InitState>();
  private readonly initCalls: InitCalls;
  private nextPts = 0;

  constructor(opts: MachineOptions = {}) {
    this.machine = new Machine(opts);
    registerKernelTypes(this.machine);
    mountHostFilesystems(this.machine);
    this.rng = new SeededRandom(((opts.seed ?? 1) ^ 0x5eed) >>> 0);
    this.engine = forkProcess(this.machine, this.machine.hostInit);
    this.engine.comm = 'node';
    this.engine.argv = ['node', '/usr/lib/dockbook/dockbook.mjs'];
    this.engine.exe = '/usr/bin/node';
    this.initCalls = new InitCalls(this.machine, this.inits);
    this.machine.uname = (p) => this.unameOf(p);
    this.machine.as(this.machine.hostInit, () => installBusyboxRootfs(this.machine.hostView(), '/'));
    this.machine.as(this.machine.hostInit, () => installHostTools(this.machine.hostView()));
  }

  /** The engine's filesystem view (for tests and setup: synchronous file calls). */
  get view(): FsView {
    return this.engine.view;
  }

  /** Stops virtual time and kills every process: call when done with the machine. */
  shutdown(): void {
    for (const p of [...this.machine.procs.values()]) if (p !== this.machine.hostInit && p !== this.engine) p.deliverFatal(9);
    this.machine.sched.stop();
  }

  private fs<T>(fn: (v: FsView) => T): Promise<T> {
    return new Promise((resolve) => resolve(this.machine.as(this.engine, () => fn(this.engine.view))));
  }

  private unameOf(p: SimProcess): UnameInfo {
    return { sysname: 'Linux', release: SIM_RELEASE, machine: 'x86_64', nodename: p.ns.uts.hostname };
  }

  // ── host identity ──
  async uname(): Promise<UnameInfo> { return this.unameOf(this.engine); }
  async euid(): Promise<number> { return 0; }
  async pid(): Promise<number> { return this.engine.hostPid; }
  diskSpace(path: string): Promise<DiskSpace> {
    return this.fs((v) => {
      v.stat(path);
      const total = 64 * 2 ** 30;
      return { totalBytes: total, freeBytes: total - 4 * 2 ** 30 };
    });
  }

  // ── namespaces ──
  async namespacesOf(pid: number): Promise<NamespaceInodes> {
    const p = this.proc(pid, 'readlink', `/proc/${pid}/ns/mnt`);
    return {
      mnt: p.ns.mnt.id, uts: p.ns.uts.inode, ipc: p.ns.ipc.inode, pid: p.ns.pid.inode, net: p.ns.net.inode,
      cgroup: p.ns.cgroup.inode, user: HOST_USER_NS, pid_for_children: p.ns.pidForChildren.inode,
    };
  }

  async netnsCreate(name: string): Promise<string> {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name) || name === '.' || name === '..') {
      throw new KernelError('netns add', name, 'EINVAL', { code: 'E_INVALID_ARGUMENT', hint: 'use letters, digits, . _ -' });
    }
    const path = `/run/netns/${name}`;
    return this.fs((v) => {
      v.mkdir('/run/netns', { recursive: true });
      if (v.exists(path)) throw new KernelError('netns add', name, 'EEXIST');
      v.writeFile(path, '', { mode: 0o444 });
      const st = v.stat(path);
      const ns = new NetNamespace(this.machine.vfs, NetStack.forNewNamespace(this.machine.vfs.random, this.machine.hostNs.net.stack));
      this.machine.registerNs(ns);
      this.machine.nsFiles.set(`${st.dev}:${st.ino}`, ns);
      return path;
    });
  }

  async netnsDelete(name: string): Promise<void> {
    const path = `/run/netns/${name}`;
    await this.fs((v) => {
      const st = v.stat(path);
      const ns = this.machine.nsFiles.get(`${st.dev}:${st.ino}`);
      this.machine.nsFiles.delete(`${st.dev}:${st.ino}`);
      v.unlink(path);
      // The last reference gone, the namespace dies and takes its links (and their veth peers) with it.
      if (ns && ![...this.machine.procs.values()].some((p) => p.alive && p.ns.net === ns)) net.destroyAll(ns.stack);
    });
  }

  async netnsList(): Promise<string[]> {
    return this.fs((v) => (v.exists('/run/netns') ? v.readdir('/run/netns').map((e) => e.name).sort() : []));
  }

  async namespaceSupported(kind: NamespaceKind): Promise<boolean> {
    return kind !== 'user';
  }

  /** A namespace named by a file: an nsfs link (/proc/PID/ns/KIND) or a file that pins one (/run/netns/NAME). */
  resolveNs(path: string, kind: CreateKind | 'net'): unknown {
    return this.machine.as(this.engine, () => {
      const v = this.engine.view;
      const st = v.lstat(path);
      if (st.type === 'symlink') {
        const m = NS_LINK_RE.exec(v.readlink(path));
        const ns = m ? this.machine.nsByInode.get(Number(m[2])) : undefined;
        if (!m || !ns || (m[1] !== kind && !(kind === 'pid' && m[1] === 'pid_for_children'))) throw new KernelError('setns', path, 'EINVAL');
        return ns;
      }
      const ns = this.machine.nsFiles.get(`${st.dev}:${st.ino}`);
      if (!ns || kind !== 'net') throw new KernelError('setns', path, 'EINVAL');
      return ns;
    });
  }

  private stack(where?: NetNsRef): NetStack {
    if (!where?.netns) return this.engine.ns.net.stack;
    return (this.resolveNs(where.netns, 'net') as NetNamespace).stack;
  }

  // ── processes ──
  async spawn(spec: SpawnSpec): Promise<KernelProcess> {
    return spawnProgram(this.machine, this.engine, spec, (path, kind) => this.resolveNs(path, kind));
  }

  async kill(pid: number, signal: string | number): Promise<void> {
    const sig = signalNumber(signal);
    if (sig === null) throw new KernelError('kill', `${pid}, ${signal}`, 'EINVAL');
    signalProcess(this.proc(pid, 'kill', `${pid}, ${signal}`, 'ESRCH'), sig);
  }

  /** posix_openpt + open of /dev/pts/N: both ends become descriptors of the engine. */
  async openPty(): Promise<PtyPair> {
    const pty = new Pty(this.nextPts++);
    pty.onSignal = (p, sig) => signalProcess(p, sig);
    // ^C reaches the programs reading the terminal, not the shell that owns it (an interactive sh ignores SIGINT).
    pty.foreground = () => [...this.machine.procs.values()].filter((p) => {
      const t = p.fds.get(0)?.target;
      return p.alive && p !== pty.session && p !== this.engine && t?.kind === 'pty-slave' && t.pty === pty;
    });
    const masterFd = this.freeFd();
    this.engine.fds.set(masterFd, new FileDesc({ kind: 'pty-master', pty }, '/dev/ptmx'));
    const slaveFd = this.freeFd();
    this.engine.fds.set(slaveFd, new FileDesc({ kind: 'pty-slave', pty }, pty.slavePath));
    return { masterFd, slaveFd, slavePath: pty.slavePath };
  }

  async ptyStream(masterFd: number): Promise<PtyStream> {
    const pty = this.ptyOf(masterFd, 'pty-master', 'read');
    return { source: pty.masterSource(), sink: pty.masterSink(), close: () => { void this.closeFd(masterFd); } };
  }

  async ptyResize(fd: number, rows: number, cols: number): Promise<void> {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || rows > 0xffff || cols > 0xffff) {
      throw new KernelError('ioctl', `${fd}, TIOCSWINSZ`, 'EINVAL');
    }
    const pty = this.ptyOf(fd, null, 'ioctl');
    pty.rows = rows;
    pty.cols = cols;
  }

  async closeFd(fd: number): Promise<void> {
    // Only the engine's own descriptors (its ptys) live in the model; others are the host's business.
    if (fd > 2) this.engine.fds.close(fd);
  }

  private freeFd(): number {
    let fd = 3;
    while (this.engine.fds.get(fd)) fd++;
    return fd;
  }

  private ptyOf(fd: number, kind: 'pty-master' | null, call: string): Pty {
    const t = this.engine.fds.get(fd)?.target;
    if (!t) throw new KernelError(call, String(fd), 'EBADF');
    if ((t.kind !== 'pty-master' && t.kind !== 'pty-slave') || (kind && t.kind !== kind)) throw new KernelError(call, String(fd), 'ENOTTY');
    return t.pty;
  }

  async containerSpawn(spec: ContainerProcessSpec): Promise<ContainerProcess> {
    // The shim's syslog/fluentd driver dials its receiver before the container starts, from the host side.
    const sender = spec.stdio.kind === 'log-driver'
      ? await dialLogReceiver(this, spec.stdio.driver, spec.stdio.netns ? { netns: spec.stdio.netns } : {})
      : null;
    try {
      return containerSpawn(this.machine, this.engine, spec, this.inits, (p, k) => this.resolveNs(p, k), sender);
    } catch (e) {
      sender?.close();
      throw e;
    }
  }

  async initOpenExecFifo(init: InitRef, path: string): Promise<void> { this.initCalls.openExecFifo(init, path); }
  async initConnectConsole(init: InitRef, socketPath: string): Promise<void> { this.initCalls.connectConsole(init, socketPath); }
  async initExec(init: InitRef, spec: InitExecSpec): Promise<string> { return this.initCalls.exec(init, spec); }
  /**
   * The simulated init has no round trip to save: it runs a batch call by
   * call, with the native init's rules (in order, stop at the first failure
   * not tolerated, a gone init fails the whole batch) and the virtual clock's timings.
   */
  async initBatch(init: InitRef, calls: readonly InitCall[]): Promise<InitCallOutcome[]> {
    this.initCalls.state(init);
    return runOneByOne(this, calls);
  }

  /** The simulator's engine never outlives its machine: no shim keeps anything for a restart. */
  async shimKeptFd(shimPid: number): Promise<number> {
    throw new KernelError('pidfd_getfd', `${shimPid}, 5`, 'EBADF');
  }

  async pipeSink(fd: number): Promise<ByteSink> {
    throw new KernelError('pipe', String(fd), 'EBADF');
  }

  /** As the shim's `pty` call: the slave becomes the init's stdio, the master the engine's. */
  async initOpenPty(init: InitRef, _console?: string): Promise<number> {
    const pair = await this.openPty();
    try {
      this.initCalls.takeTerminal(init, this.engine.fds.get(pair.slaveFd)!);
    } catch (e) {
      await this.closeFd(pair.masterFd);
      throw e;
    } finally {
      await this.closeFd(pair.slaveFd);
    }
    return pair.masterFd;
  }

  async execFifoRelease(path: string): Promise<void> {
    const key = await this.fs((v) => {
      const st = v.stat(path);
      return `${st.dev}:${st.ino}`;
    }).catch((e: KernelError) => { throw new KernelError('open', path, e.errnoCode, { hint: 'the container process is not waiting to start' }); });
    const waiting = [...this.inits.values()].find((s) => s.fifo === key && s.proc.alive);
    if (!waiting) throw new KernelError('open', path, 'ENXIO', { hint: 'the container process is not waiting to start' });
    waiting.release();
  }

  async chdir(path: string, within: InInit): Promise<void> { this.initCalls.chdir(within.init, path); }
  async sethostname(name: string, within: InInit): Promise<void> { this.initCalls.sethostname(within.init, name); }
  async unshare(kinds: readonly NamespaceKind[], within: InInit): Promise<void> {
    const flag: Record<NamespaceKind, number> = { mnt: 0x20000, uts: 0x4000000, ipc: 0x8000000, pid: 0x20000000, net: 0x40000000, cgroup: 0x2000000, user: 0x10000000 };
    this.initCalls.unshare(within.init, kinds, String(kinds.reduce((f, k) => f | flag[k], 0)));
  }

  // ── mounts ──
  async mount(spec: MountSpec, within: Within = {}): Promise<void> {
    if (within.init) return this.initCalls.mount(within.init, spec);
    return this.fs((v) => v.mount(spec));
  }

  async umount(target: string, opts: { detach?: boolean } & Within = {}): Promise<void> {
    if (opts.init) return this.initCalls.umount(opts.init, target, opts.detach ?? false);
    return this.fs((v) => v.umount(target, { detach: opts.detach }));
  }

  async pivotRoot(newRoot: string, putOld: string, within: Within = {}): Promise<void> {
    if (within.init) return this.initCalls.pivotRoot(within.init, newRoot, putOld);
    return this.fs((v) => v.pivotRoot(newRoot, putOld));
  }

  async mountTable(pid?: number): Promise<MountInfo[]> {
    const p = pid === undefined ? this.engine : this.proc(pid, 'read', `/proc/${pid}/mountinfo`);
    return this.machine.as(p, () => p.view.mountTable());
  }

  // ── files ──
  readFile(path: string): Promise<Uint8Array> { return this.fs((v) => v.readFile(path)); }
  readText(path: string): Promise<string> { return this.fs((v) => v.readText(path)); }

  async writeFile(path: string, data: Uint8Array | string, opts: { mode?: number; append?: boolean } & Within = {}): Promise<void> {
    if (opts.init) return this.initCalls.write(opts.init, path, data);
    return this.fs((v) => v.writeFile(path, data, { mode: opts.mode, append: opts.append }));
  }

  stat(path: string): Promise<FileStat> { return this.fs((v) => v.stat(path)); }
  lstat(path: string): Promise<FileStat> { return this.fs((v) => v.lstat(path)); }
  async lookupType(path: string, within: InInit): Promise<FileStat['type'] | null> { return this.initCalls.lookupType(within.init, path); }
  exists(path: string): Promise<boolean> { return this.fs((v) => v.exists(path)); }
  readdir(path: string): Promise<DirEntry[]> { return this.fs((v) => v.readdir(path)); }

  async mkdir(path: string, opts: { recursive?: boolean; mode?: number } & Within = {}): Promise<void> {
    if (opts.init) return this.initCalls.mkdir(opts.init, path, opts.mode ?? 0o755, opts.recursive ?? false);
    return this.fs((v) => v.mkdir(path, { recursive: opts.recursive, mode: opts.mode }));
  }

  remove(path: string, opts: { recursive?: boolean; force?: boolean } = {}): Promise<void> { return this.fs((v) => v.remove(path, opts)); }
  rmdir(path: string): Promise<void> { return this.fs((v) => v.rmdir(path)); }
  rename(from: string, to: string): Promise<void> { return this.fs((v) => v.rename(from, to)); }

  async symlink(target: string, path: string, within: Within = {}): Promise<void> {
    if (within.init) return this.initCalls.symlink(within.init, target, path);
    return this.fs((v) => v.symlink(target, path));
  }

  readlink(path: string): Promise<string> { return this.fs((v) => v.readlink(path)); }
  link(existing: string, newPath: string): Promise<void> { return this.fs((v) => v.link(existing, newPath)); }
  utimes(path: string, atimeMs: number, mtimeMs: number): Promise<void> { return this.fs((v) => v.utimes(path, atimeMs, mtimeMs)); }
  chmod(path: string, mode: number): Promise<void> { return this.fs((v) => v.chmod(path, mode)); }
  chown(path: string, uid: number, gid: number): Promise<void> { return this.fs((v) => v.chown(path, uid, gid)); }

  async mknod(path: string, type: 'char' | 'block' | 'fifo', mode: number, major: number, minor: number, within: Within = {}): Promise<void> {
    if (within.init) return this.initCalls.mknod(within.init, path, type, mode, major, minor);
    return this.fs((v) => v.mknod(path, type, mode, major, minor));
  }

  setxattr(path: string, name: string, value: Uint8Array | string): Promise<void> {
    return this.fs((v) => v.setxattr(path, name, value, { follow: false }));
  }

  async getxattr(path: string, name: string): Promise<Uint8Array | null> {
    try {
      return await this.fs((v) => v.getxattr(path, name, { follow: false }));
    } catch (e) {
      if ((e as KernelError).errnoCode === 'ENODATA') return null;
      throw e;
    }
  }

  random(n: number): Uint8Array { return this.rng.bytes(n); }
  async sha256(data: Uint8Array | string): Promise<string> { return sha256Hex(data); }
  async sha256File(path: string): Promise<string> { return sha256Hex(await this.readFile(path)); }

  // ── links ──
  async linkAdd(spec: LinkSpec, where?: NetNsRef): Promise<void> { net.linkAdd(this.stack(where), spec, where?.netns); }
  async linkSet(name: string, change: LinkChange, where?: NetNsRef): Promise<void> {
    net.linkSet(this.stack(where), name, change, where?.netns, (p) => (this.resolveNs(p, 'net') as NetNamespace).stack);
  }
  async linkDelete(name: string, where?: NetNsRef): Promise<void> { net.linkDelete(this.stack(where), name, where?.netns); }
  async links(where?: NetNsRef): Promise<LinkInfo[]> { return net.links(this.stack(where)); }
  async addrAdd(link: string, cidr: string, where?: NetNsRef): Promise<void> { net.addrAdd(this.stack(where), link, cidr, where?.netns); }
  async routeAdd(route: RouteSpec, where?: NetNsRef): Promise<void> { net.routeAdd(this.stack(where), route, where?.netns); }
  async routes(where?: NetNsRef): Promise<RouteInfo[]> { return net.routes(this.stack(where)); }

  // ── sockets (over the packet model in net/) ──
  async udpBind(local: SocketAddress, where?: NetNsRef): Promise<UdpSocket> {
    return kernelUdpBind(netWorld(this.machine), this.stack(where), local, where?.netns);
  }
  async tcpListen(local: SocketAddress, where?: NetNsRef): Promise<TcpListener> {
    return kernelTcpListen(netWorld(this.machine), this.stack(where), local, where?.netns);
  }
  async tcpConnect(remote: SocketAddress, where?: NetNsRef): Promise<TcpStream> {
    return kernelTcpConnect(netWorld(this.machine), this.stack(where), remote, where?.netns);
  }

  // ── clock ──
  now(): number { return this.machine.now(); }
  monotonic(): number { return this.machine.sched.now(); }
  sleep(ms: number): Promise<void> { return this.machine.sched.sleep(ms); }

  private proc(pid: number, call: string, subject: string, errno = 'ENOENT'): SimProcess {
    const p = this.machine.processByPid(pid, this.machine.hostNs.pid);
    if (!p) throw new KernelError(call, subject, errno);
    return p;
  }
}
