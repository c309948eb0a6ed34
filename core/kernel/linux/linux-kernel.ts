import fsSync, { createReadStream, promises as fs, statfsSync } from 'node:fs';
import os from 'node:os';
import type { Kernel } from '../kernel.js';
import { KernelError } from '../kernel-error.js';
import { parseMountInfo } from '../mountinfo.js';
import type { InInit } from '../kernel.js';
import {
  NAMESPACE_KINDS, type ContainerProcess, type ContainerProcessSpec, type DiskSpace, type FileStat, type InitExecSpec,
  type InitRef, type KernelProcess, type MountInfo, type MountSpec, type NamespaceInodes, type NamespaceKind,
  type ByteSink, type PtyPair, type PtyStream, type SpawnSpec,
  type UnameInfo, type Within,
} from '../types.js';
import type { InitCall, InitCallOutcome } from '../init-batch.js';
import { containerSpawn, execFifoRelease, initCall, initExec, pipeSink } from './container-process.js';
import { initBatch, initFields } from './init-frames.js';
import { CLONE } from './libc.js';
import { guard, guardSync, readdirTyped, removeTree, toFileStat } from './files.js';
import * as libc from './libc.js';
import { addrAdd, linkAdd, linkDelete, linkSet, links, routeAdd, routes } from './links.js';
import { mountFlags } from './mount-flags.js';
import { netnsCreate, netnsDelete, netnsList } from './netns.js';
import { tcpConnect, tcpListen, udpBind } from './sockets.js';
import { ptyStream } from './pty-stream.js';
import { spawnProcess } from './spawn.js';

/** Where the shim keeps a container's pty master or stdin writer (native/shim-keep.c). */
const SHIM_KEPT_FD = 5;

const NS_FILE_RE = /^[a-z_]+:\[(\d+)\]$/;
/** Above this size a read or write goes through the thread pool instead of blocking the engine. */
const LARGE_FILE = 256 * 1024;

/** The real kernel, reached through Node's APIs and a few libc calls via koffi. */
export class LinuxKernel implements Kernel {
  readonly kind = 'linux' as const;

  async uname(): Promise<UnameInfo> {
    return { sysname: os.type(), release: os.release(), machine: os.machine(), nodename: os.hostname() };
  }

  async euid(): Promise<number> {
    return libc.geteuid();
  }

  async pid(): Promise<number> {
    return process.pid;
  }

  async diskSpace(path: string): Promise<DiskSpace> {
    try {
      const s = statfsSync(path);
      return { totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
    } catch (e) {
      throw new KernelError('statfs', path, (e as NodeJS.ErrnoException).code ?? 'EIO', { cause: e });
    }
  }

  async namespacesOf(pid: number): Promise<NamespaceInodes> {
    const out: Record<string, number> = {};
    for (const kind of [...NAMESPACE_KINDS, 'pid_for_children'] as const) {
      const link = guardSync('readlink', `/proc/${pid}/ns/${kind}`, () => fsSync.readlinkSync(`/proc/${pid}/ns/${kind}`));
      const m = NS_FILE_RE.exec(link);
      if (m) out[kind] = Number(m[1]);
    }
    return out;
  }

  netnsCreate = netnsCreate;
  netnsDelete = netnsDelete;
  netnsList = netnsList;

  async namespaceSupported(kind: NamespaceKind): Promise<boolean> {
    // The user namespace cannot be entered by a multithreaded process (host-facts.md).
    if (kind === 'user') return false;
    try {
      await fs.access(`/proc/self/ns/${kind}`);
      return true;
    } catch {
      return false;
    }
  }

  spawn(spec: SpawnSpec): Promise<KernelProcess> {
    return spawnProcess(spec);
  }

  async kill(pid: number, signal: string | number): Promise<void> {
    try {
      process.kill(pid, signal as NodeJS.Signals | number);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EINVAL';
      throw new KernelError('kill', `${pid}, ${signal}`, code, { cause: e });
    }
  }

  async ptyStream(masterFd: number): Promise<PtyStream> {
    return ptyStream(masterFd);
  }

  async ptyResize(fd: number, rows: number, cols: number): Promise<void> {
    libc.setWinsize(fd, rows, cols);
  }

  async openPty(): Promise<PtyPair> {
    const { masterFd, slavePath } = libc.openPtyMaster();
    try {
      const slaveFd = libc.openFd(slavePath, libc.O.RDWR | libc.O.NOCTTY | libc.O.CLOEXEC);
      return { masterFd, slaveFd, slavePath };
    } catch (e) {
      libc.closeFd(masterFd);
      throw e;
    }
  }

  async closeFd(fd: number): Promise<void> {
    libc.closeFd(fd);
  }

  containerSpawn(spec: ContainerProcessSpec): Promise<ContainerProcess> {
    return containerSpawn(spec);
  }

  async initOpenExecFifo(init: InitRef, path: string): Promise<void> {
    await initCall(init, initFields({ call: 'initOpenExecFifo', args: [init, path] }));
  }

  async initConnectConsole(init: InitRef, socketPath: string): Promise<void> {
    await initCall(init, initFields({ call: 'initConnectConsole', args: [init, socketPath] }));
  }

  async initBatch(init: InitRef, calls: readonly InitCall[]): Promise<InitCallOutcome[]> {
    return initBatch(init, calls);
  }

  async shimKeptFd(shimPid: number): Promise<number> {
    return libc.takeFd(shimPid, SHIM_KEPT_FD);
  }

  async pipeSink(fd: number): Promise<ByteSink> {
    return pipeSink(fd);
  }

  async initOpenPty(init: InitRef, console?: string): Promise<number> {
    const fd = Number(await initCall(init, ['pty', console ?? '']));
    return libc.takeFd(init.pid, fd);
  }

  initExec(init: InitRef, spec: InitExecSpec): Promise<string> {
    return initExec(init, spec);
  }

  execFifoRelease(path: string): Promise<void> {
    return execFifoRelease(path);
  }

  async chdir(path: string, within: InInit): Promise<void> {
    await initCall(within.init, initFields({ call: 'chdir', args: [path, within] }));
  }

  async sethostname(name: string, within: InInit): Promise<void> {
    await initCall(within.init, initFields({ call: 'sethostname', args: [name, within] }));
  }

  async unshare(kinds: readonly NamespaceKind[], within: InInit): Promise<void> {
    await initCall(within.init, initFields({ call: 'unshare', args: [kinds, within] }));
  }

  async lookupType(path: string, within: InInit): Promise<FileStat['type'] | null> {
    try {
      return (await initCall(within.init, initFields({ call: 'lookupType', args: [path, within] }))) as FileStat['type'];
    } catch (e) {
      if ((e as KernelError).errnoCode === 'ENOENT') return null;
      throw e;
    }
  }

  async mount(spec: MountSpec, within: Within = {}): Promise<void> {
    if (within.init) {
      await initCall(within.init, initFields({ call: 'mount', args: [spec, within] }));
      return;
    }
    libc.mount(spec.source, spec.target, spec.fstype ?? null, mountFlags(spec.flags), spec.data ?? null);
  }

  async umount(target: string, opts: { detach?: boolean } & Within = {}): Promise<void> {
    if (opts.init) {
      await initCall(opts.init, initFields({ call: 'umount', args: [target, opts] }));
      return;
    }
    libc.umount2(target, opts.detach ? libc.MNT_DETACH : 0);
  }

  async pivotRoot(newRoot: string, putOld: string, within: Within = {}): Promise<void> {
    if (within.init) {
      await initCall(within.init, initFields({ call: 'pivotRoot', args: [newRoot, putOld, within] }));
      return;
    }
    libc.pivotRoot(newRoot, putOld);
  }

  async mountTable(pid?: number): Promise<MountInfo[]> {
    const path = `/proc/${pid ?? 'self'}/mountinfo`;
    return parseMountInfo(guardSync('read', path, () => fsSync.readFileSync(path, 'utf8')));
  }

  async readFile(path: string): Promise<Uint8Array> {
    const size = guardSync('stat', path, () => fsSync.statSync(path)).size;
    // Large files (layers) go through the thread pool so the engine keeps serving meanwhile.
    if (size > LARGE_FILE) return guard('read', path, () => fs.readFile(path));
    return guardSync('read', path, () => fsSync.readFileSync(path));
  }

  async readText(path: string): Promise<string> {
    return guardSync('read', path, () => fsSync.readFileSync(path, 'utf8'));
  }

  async writeFile(path: string, data: Uint8Array | string, opts: { mode?: number; append?: boolean } & Within = {}): Promise<void> {
    if (opts.init) {
      await initCall(opts.init, initFields({ call: 'writeFile', args: [path, data, opts] }));
      return;
    }
    const options = { mode: opts.mode, flag: opts.append ? 'a' : 'w' };
    if (data.length > LARGE_FILE) await guard('write', path, () => fs.writeFile(path, data, options));
    else guardSync('write', path, () => fsSync.writeFileSync(path, data, options));
  }

  async stat(path: string): Promise<FileStat> {
    return toFileStat(guardSync('stat', path, () => fsSync.statSync(path)));
  }

  async lstat(path: string): Promise<FileStat> {
    return toFileStat(guardSync('lstat', path, () => fsSync.lstatSync(path)));
  }

  async exists(path: string): Promise<boolean> {
    try {
      fsSync.lstatSync(path);
      return true;
    } catch {
      return false;
    }
  }

  readdir = readdirTyped;

  async mkdir(path: string, opts: { recursive?: boolean; mode?: number } & Within = {}): Promise<void> {
    if (opts.init) {
      await initCall(opts.init, initFields({ call: 'mkdir', args: [path, opts] }));
      return;
    }
    guardSync('mkdir', path, () => fsSync.mkdirSync(path, { recursive: opts.recursive, mode: opts.mode }));
  }

  async remove(path: string, opts: { recursive?: boolean; force?: boolean } = {}): Promise<void> {
    if (opts.recursive) return removeTree(path, opts.force ?? false);
    try {
      const st = fsSync.lstatSync(path);
      if (st.isDirectory()) fsSync.rmdirSync(path);
      else fsSync.unlinkSync(path);
    } catch (e) {
      if (opts.force && (e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new KernelError('remove', path, (e as NodeJS.ErrnoException).code ?? 'EIO', { cause: e });
    }
  }

  async rmdir(path: string): Promise<void> {
    guardSync('rmdir', path, () => fsSync.rmdirSync(path));
  }

  async rename(from: string, to: string): Promise<void> {
    guardSync('rename', `${from} → ${to}`, () => fsSync.renameSync(from, to));
  }

  async symlink(target: string, path: string, within: Within = {}): Promise<void> {
    if (within.init) {
      await initCall(within.init, initFields({ call: 'symlink', args: [target, path, within] }));
      return;
    }
    guardSync('symlink', `${path} → ${target}`, () => fsSync.symlinkSync(target, path));
  }

  async readlink(path: string): Promise<string> {
    return guardSync('readlink', path, () => fsSync.readlinkSync(path));
  }

  async link(existing: string, newPath: string): Promise<void> {
    guardSync('link', `${newPath} → ${existing}`, () => fsSync.linkSync(existing, newPath));
  }

  async utimes(path: string, atimeMs: number, mtimeMs: number): Promise<void> {
    guardSync('utimes', path, () => fsSync.lutimesSync(path, atimeMs / 1000, mtimeMs / 1000));
  }

  async chmod(path: string, mode: number): Promise<void> {
    guardSync('chmod', path, () => fsSync.chmodSync(path, mode));
  }

  async chown(path: string, uid: number, gid: number): Promise<void> {
    guardSync('chown', path, () => fsSync.lchownSync(path, uid, gid));
  }

  async mknod(path: string, type: 'char' | 'block' | 'fifo', mode: number, major: number, minor: number, within: Within = {}): Promise<void> {
    if (within.init) {
      await initCall(within.init, initFields({ call: 'mknod', args: [path, type, mode, major, minor, within] }));
      return;
    }
    libc.mknod(path, libc.S_IF[type] | (mode & 0o7777), libc.makedev(major, minor));
  }

  async setxattr(path: string, name: string, value: Uint8Array | string): Promise<void> {
    libc.lsetxattr(path, name, typeof value === 'string' ? new TextEncoder().encode(value) : value);
  }

  async getxattr(path: string, name: string): Promise<Uint8Array | null> {
    return libc.lgetxattr(path, name);
  }

  random(n: number): Uint8Array {
    // Web Crypto's generator, a global loaded on first use: importing node:crypto
    // up front costs every short-lived command (dockbook-runtime) its load time.
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 65536) globalThis.crypto.getRandomValues(out.subarray(at, Math.min(n, at + 65536)));
    return out;
  }

  async sha256(data: Uint8Array | string): Promise<string> {
    const { createHash } = await import('node:crypto');
    return createHash('sha256').update(data).digest('hex');
  }

  async sha256File(path: string): Promise<string> {
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256');
    await guard('read', path, async () => {
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
    });
    return hash.digest('hex');
  }

  linkAdd = linkAdd;
  linkSet = linkSet;
  linkDelete = linkDelete;
  links = links;
  addrAdd = addrAdd;
  routeAdd = routeAdd;
  routes = routes;

  // ── sockets (made inside the namespace, served by Node: see sockets-fd.ts) ──
  udpBind = udpBind;
  tcpListen = tcpListen;
  tcpConnect = tcpConnect;

  now(): number {
    return Date.now();
  }

  monotonic(): number {
    return performance.now();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
