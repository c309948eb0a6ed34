import { KernelError, isKernelError } from '../../kernel/kernel-error.js';
import type { FileStat, InitExecSpec, InitRef, MountSpec, NamespaceKind } from '../../kernel/types.js';
import type { FileDesc } from '../file-desc.js';
import type { Machine } from '../machine.js';
import { CgroupNamespace } from '../namespaces.js';
import { findOnPath } from '../programs/resolve.js';
import type { SimProcess } from '../process.js';
import type { InitState } from './init-state.js';

/**
 * The calls a container's init performs in its own namespaces and view,
 * failing as native/dockbook-shim.c replies: the call's name and its first
 * path (`mount(/x): EINVAL`, not the engine's longer form).
 */
export class InitCalls {
  constructor(private readonly m: Machine, private readonly inits: Map<number, InitState>) {}

  state(init: InitRef): InitState {
    const s = this.inits.get(init.pid);
    if (!s || s.exec || !s.proc.alive) throw new KernelError('init', 'control socket', 'EPIPE', { hint: 'the container process exited before it was ready' });
    return s;
  }

  /** Runs `fn` as the init; a failure becomes KernelError(call, subject, errno). */
  run<T>(init: InitRef, call: string, subject: string, fn: (p: SimProcess) => T): T {
    const p = this.state(init).proc;
    try {
      return this.m.as(p, () => fn(p));
    } catch (e) {
      if (isKernelError(e)) throw new KernelError(call, subject, e.errnoCode);
      const code = (e as { code?: string }).code;
      if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new KernelError(call, subject, code);
      throw e;
    }
  }

  mount(init: InitRef, spec: MountSpec): void {
    this.run(init, 'mount', spec.target, (p) => p.view.mount(spec));
  }

  umount(init: InitRef, target: string, detach: boolean): void {
    this.run(init, 'umount', target, (p) => p.view.umount(target, { detach }));
  }

  pivotRoot(init: InitRef, newRoot: string, putOld: string): void {
    this.run(init, 'pivot_root', newRoot, (p) => p.view.pivotRoot(newRoot, putOld));
  }

  chdir(init: InitRef, path: string): void {
    this.run(init, 'chdir', path, (p) => p.view.chdir(path));
  }

  mkdir(init: InitRef, path: string, mode: number, recursive: boolean): void {
    this.run(init, 'mkdir', path, (p) => {
      if (!recursive) return p.view.mkdir(path, { mode });
      try {
        p.view.mkdir(path, { mode, recursive: true });
      } catch (e) {
        // mkdir_p in the shim takes EEXIST as success, whatever is there.
        if ((e as KernelError).errnoCode !== 'EEXIST') throw e;
      }
    });
  }

  mknod(init: InitRef, path: string, type: 'char' | 'block' | 'fifo', mode: number, major: number, minor: number): void {
    this.run(init, 'mknod', path, (p) => p.view.mknod(path, type, mode, major, minor));
  }

  symlink(init: InitRef, target: string, path: string): void {
    this.run(init, 'symlink', path, (p) => p.view.symlink(target, path));
  }

  /** O_WRONLY|O_CREAT|O_TRUNC|O_NOFOLLOW, 0644. */
  write(init: InitRef, path: string, data: Uint8Array | string): void {
    this.run(init, 'write', path, (p) => {
      if (p.view.exists(path) && p.view.lstat(path).type === 'symlink') throw new KernelError('write', path, 'ELOOP');
      p.view.writeFile(path, data, { mode: 0o644 });
    });
  }

  lookupType(init: InitRef, path: string): FileStat['type'] | null {
    try {
      return this.run(init, 'lstat', path, (p) => p.view.lstat(path).type);
    } catch (e) {
      if ((e as KernelError).errnoCode === 'ENOENT') return null;
      throw e;
    }
  }

  sethostname(init: InitRef, name: string): void {
    this.run(init, 'sethostname', name, (p) => {
      if (name.length > 64) throw new KernelError('sethostname', name, 'EINVAL');
      p.ns.uts.hostname = name;
    });
  }

  unshare(init: InitRef, kinds: readonly NamespaceKind[], flags: string): void {
    this.run(init, 'unshare', flags, (p) => {
      if (kinds.includes('user') || kinds.includes('pid')) throw new KernelError('unshare', flags, 'EINVAL');
      if (kinds.includes('cgroup')) {
        p.ns.cgroup = new CgroupNamespace(this.m.vfs, new Map([...p.cgroups].map(([id, n]) => [id, n.path()])));
        this.m.registerNs(p.ns.cgroup);
      }
      if (kinds.includes('mnt')) {
        p.ns.mnt = p.view.unshareMounts();
        this.m.registerNs(p.ns.mnt);
      }
    });
  }

  openExecFifo(init: InitRef, path: string): void {
    const s = this.state(init);
    this.run(init, 'open', path, (p) => {
      const st = p.view.stat(path);
      if (st.type !== 'fifo') throw new KernelError('open', path, 'ENXIO');
      s.fifo = `${st.dev}:${st.ino}`;
    });
  }

  connectConsole(init: InitRef, socketPath: string): void {
    const s = this.state(init);
    this.run(init, 'connect', socketPath, (p) => {
      p.view.lstat(socketPath);
      s.consoleSocket = socketPath;
    });
  }

  /** dup2 of a pty slave onto the init's stdio. */
  takeTerminal(init: InitRef, slave: FileDesc): void {
    const p = this.state(init).proc;
    for (const fd of [0, 1, 2]) p.fds.set(fd, slave.dup());
  }

  /** do_exec up to the point of waiting on the fifo: cwd, the program on PATH, identity, capabilities. */
  exec(init: InitRef, spec: InitExecSpec): string {
    const s = this.state(init);
    const argv0 = spec.args[0];
    if (!argv0) throw new KernelError('exec', 'no program to run', 'EINVAL');
    if (spec.terminal === true && !s.consoleSocket) throw new KernelError('console', 'a terminal needs a console socket', 'EINVAL');
    if (spec.terminal === true) throw new KernelError('open', '/dev/ptmx', 'ENOSYS', { hint: 'the simulator makes terminals only on the engine\'s side (stdin)' });
    const p = s.proc;
    if (spec.terminal === 'stdin') {
      // setsid + TIOCSCTTY on fd 0: the terminal the engine made becomes this session's.
      const t = p.fds.get(0)?.target;
      if (t?.kind !== 'pty-slave') throw new KernelError('ioctl', '0, TIOCSCTTY', 'ENOTTY');
      t.pty.session = p;
    }
    this.run(init, 'chdir', spec.cwd, () => p.view.chdir(spec.cwd));
    const pathEnv = spec.env.find((e) => e.startsWith('PATH='))?.slice(5);
    const program = this.m.as(p, () => {
      const found = findOnPath(p, argv0, pathEnv);
      if (found === null) throw new KernelError('exec', argv0, 'ENOENT');
      try {
        p.view.checkExec(found);
      } catch (e) {
        throw new KernelError('exec', argv0, (e as KernelError).errnoCode ?? 'EACCES');
      }
      return found;
    });
    p.caps = { ...spec.capabilities };
    p.uid = spec.uid;
    p.gid = spec.gid;
    p.groups = [...spec.additionalGids];
    p.view.cred = { uid: spec.uid, gid: spec.gid, groups: [...spec.additionalGids] };
    p.view.umask = spec.umask;
    p.noNewPrivs = spec.noNewPrivileges;
    s.armExec(spec, program);
    return program;
  }
}
