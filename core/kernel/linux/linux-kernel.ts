import { promises as fs, statfsSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Kernel } from '../kernel.js';
import { KernelError } from '../kernel-error.js';
import { parseMountInfo } from '../mountinfo.js';
import {
  NAMESPACE_KINDS, type DiskSpace, type FileStat, type KernelProcess, type MountInfo, type MountSpec,
  type NamespaceInodes, type NamespaceKind, type PtyPair, type SpawnSpec, type UnameInfo,
} from '../types.js';
import { guard, readdirTyped, removeTree, toFileStat } from './files.js';
import * as libc from './libc.js';
import { addrAdd, linkAdd, linkDelete, linkSet, links, routeAdd, routes } from './links.js';
import { mountFlags } from './mount-flags.js';
import { netnsCreate, netnsDelete, netnsList } from './netns.js';
import { spawnProcess } from './spawn.js';

const NS_FILE_RE = /^[a-z_]+:\[(\d+)\]$/;

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
      const link = await guard('readlink', `/proc/${pid}/ns/${kind}`, () => fs.readlink(`/proc/${pid}/ns/${kind}`));
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

  async mount(spec: MountSpec): Promise<void> {
    libc.mount(spec.source, spec.target, spec.fstype ?? null, mountFlags(spec.flags), spec.data ?? null);
  }

  async umount(target: string, opts: { detach?: boolean } = {}): Promise<void> {
    libc.umount2(target, opts.detach ? libc.MNT_DETACH : 0);
  }

  async pivotRoot(newRoot: string, putOld: string): Promise<void> {
    libc.pivotRoot(newRoot, putOld);
  }

  async mountTable(pid?: number): Promise<MountInfo[]> {
    const path = `/proc/${pid ?? 'self'}/mountinfo`;
    return parseMountInfo(await guard('read', path, () => fs.readFile(path, 'utf8')));
  }

  async readFile(path: string): Promise<Uint8Array> {
    return guard('read', path, () => fs.readFile(path));
  }

  async readText(path: string): Promise<string> {
    return guard('read', path, () => fs.readFile(path, 'utf8'));
  }

  async writeFile(path: string, data: Uint8Array | string, opts: { mode?: number; append?: boolean } = {}): Promise<void> {
    await guard('write', path, () => fs.writeFile(path, data, { mode: opts.mode, flag: opts.append ? 'a' : 'w' }));
  }

  async stat(path: string): Promise<FileStat> {
    return toFileStat(await guard('stat', path, () => fs.stat(path)));
  }

  async lstat(path: string): Promise<FileStat> {
    return toFileStat(await guard('lstat', path, () => fs.lstat(path)));
  }

  async exists(path: string): Promise<boolean> {
    try {
      await fs.lstat(path);
      return true;
    } catch {
      return false;
    }
  }

  readdir = readdirTyped;

  async mkdir(path: string, opts: { recursive?: boolean; mode?: number } = {}): Promise<void> {
    await guard('mkdir', path, () => fs.mkdir(path, opts));
  }

  async remove(path: string, opts: { recursive?: boolean; force?: boolean } = {}): Promise<void> {
    if (opts.recursive) return removeTree(path, opts.force ?? false);
    try {
      const st = await fs.lstat(path);
      await (st.isDirectory() ? fs.rmdir(path) : fs.unlink(path));
    } catch (e) {
      if (opts.force && (e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new KernelError('remove', path, (e as NodeJS.ErrnoException).code ?? 'EIO', { cause: e });
    }
  }

  async rmdir(path: string): Promise<void> {
    await guard('rmdir', path, () => fs.rmdir(path));
  }

  async rename(from: string, to: string): Promise<void> {
    await guard('rename', `${from} → ${to}`, () => fs.rename(from, to));
  }

  async symlink(target: string, path: string): Promise<void> {
    await guard('symlink', `${path} → ${target}`, () => fs.symlink(target, path));
  }

  async readlink(path: string): Promise<string> {
    return guard('readlink', path, () => fs.readlink(path));
  }

  async chmod(path: string, mode: number): Promise<void> {
    await guard('chmod', path, () => fs.chmod(path, mode));
  }

  async chown(path: string, uid: number, gid: number): Promise<void> {
    await guard('chown', path, () => fs.lchown(path, uid, gid));
  }

  async mknod(path: string, type: 'char' | 'block' | 'fifo', mode: number, major: number, minor: number): Promise<void> {
    const S_IF = { char: 0o020000, block: 0o060000, fifo: 0o010000 }[type];
    libc.mknod(path, S_IF | (mode & 0o7777), libc.makedev(major, minor));
  }

  linkAdd = linkAdd;
  linkSet = linkSet;
  linkDelete = linkDelete;
  links = links;
  addrAdd = addrAdd;
  routeAdd = routeAdd;
  routes = routes;

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
