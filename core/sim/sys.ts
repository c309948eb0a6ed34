import { deviceAllowed } from './cgroup/device-rules.js';
import { errnoCodeOf, strerror } from './errno-text.js';
import { FileDesc } from './file-desc.js';
import type { Machine } from './machine.js';
import { major, minor, type FsView } from './vfs/index.js';
import type { SimProcess } from './process.js';
import type { Pty } from './pty.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** `exit N` from inside a program. */
export class ExitNow extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** execve() from inside a program: the runner replaces the program in place. */
export class ExecNow extends Error {
  constructor(readonly argv: string[], readonly env: Record<string, string>) {
    super(`exec ${argv[0] ?? ''}`);
  }
}

/** A failed system call inside a program, with its errno name. */
export class SysError extends Error {
  constructor(readonly errno: string, message: string) {
    super(message);
  }
}

export type Program = (sys: Sys) => Promise<number>;

/**
 * The system calls an emulated program makes, bound to its process. Every
 * call first checks for a pending fatal signal, and everything that waits
 * (reads, sleeps, CPU work, children) can be cut short by one.
 */
export class Sys {
  constructor(readonly machine: Machine, readonly proc: SimProcess) {}

  get argv(): string[] {
    return this.proc.argv;
  }

  get env(): Record<string, string> {
    return this.proc.env;
  }

  get fs(): FsView {
    return this.proc.view;
  }

  get applet(): string {
    const a = this.proc.argv[0] ?? '';
    return a.slice(a.lastIndexOf('/') + 1);
  }

  /** Runs a VFS call as this process (so /proc/self is this process). */
  call<T>(fn: () => T): T {
    this.proc.check();
    return this.machine.as(this.proc, fn);
  }

  async write(fd: number, data: Uint8Array | string): Promise<void> {
    this.proc.check();
    const d = this.proc.fds.get(fd);
    if (!d) return;
    const bytes = typeof data === 'string' ? enc.encode(data) : data;
    const t = d.target;
    switch (t.kind) {
      case 'pipe-w':
        if (!t.pipe.write(bytes)) throw new SysError('EPIPE', 'Broken pipe');
        return;
      case 'file':
        this.call(() => t.view.writeFile(t.path, bytes, { append: true }));
        return;
      case 'sink':
        t.write(bytes);
        return;
      case 'pty-slave':
        if (!t.pty.writeSlave(bytes)) throw new SysError('EIO', 'I/O error');
        return;
      default:
        return;
    }
  }

  /** The terminal on fd, if it is one (isatty). */
  terminal(fd: number): Pty | null {
    const t = this.proc.fds.get(fd)?.target;
    return t?.kind === 'pty-slave' ? t.pty : null;
  }

  out(text: string): Promise<void> {
    return this.write(1, text);
  }

  err(text: string): Promise<void> {
    return this.write(2, text);
  }

  /** The next chunk from fd, or null at end-of-file. */
  async read(fd: number): Promise<Uint8Array | null> {
    this.proc.check();
    const d = this.proc.fds.get(fd);
    if (!d) return null;
    const t = d.target;
    if (t.kind === 'pipe-r') return this.proc.block(t.pipe.read());
    if (t.kind === 'pty-slave') return this.proc.block(t.pty.readSlave());
    if (t.kind === 'file') {
      t.data ??= this.readFile(t.path, t.view);
      if (t.offset >= t.data.length) return null;
      const chunk = t.data.subarray(t.offset);
      t.offset = t.data.length;
      return chunk;
    }
    return null;
  }

  async readAll(fd: number): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    for (let c = await this.read(fd); c; c = await this.read(fd)) chunks.push(c);
    return concat(chunks);
  }

  /** One line from fd (without the newline), or null at end-of-file; reads byte-exact so the rest stays for others. */
  async readLine(fd: number): Promise<string | null> {
    const d = this.proc.fds.get(fd);
    if (!d) return null;
    const t = d.target;
    let line = '';
    for (;;) {
      if (t.kind === 'pipe-r') {
        const pending = this.lineBuffers.get(t.pipe) ?? '';
        const nl = pending.indexOf('\n');
        if (nl >= 0) {
          this.lineBuffers.set(t.pipe, pending.slice(nl + 1));
          return line + pending.slice(0, nl);
        }
        const c = await this.proc.block(t.pipe.read());
        if (!c) {
          this.lineBuffers.delete(t.pipe);
          return pending === '' && line === '' ? null : line + pending;
        }
        this.lineBuffers.set(t.pipe, pending + dec.decode(c));
        continue;
      }
      const c = await this.read(fd);
      if (!c) return line === '' ? null : line;
      const s = dec.decode(c);
      const nl = s.indexOf('\n');
      if (nl < 0) { line += s; continue; }
      if (t.kind === 'file') t.offset -= c.length - enc.encode(s.slice(0, nl + 1)).length;
      return line + s.slice(0, nl);
    }
  }

  private readonly lineBuffers = new Map<unknown, string>();

  /**
   * A whole file, as open+read would: a device node is first checked
   * against the devices cgroup (EPERM), as the kernel does at open.
   */
  readFile(path: string, view: FsView = this.fs): Uint8Array {
    return this.call(() => {
      const st = view.stat(path);
      if (st.type === 'char' || st.type === 'block') this.checkDevice(path, st.type === 'char' ? 'c' : 'b', st.rdev, 'r');
      return view.readFile(path);
    });
  }

  checkDevice(path: string, type: 'c' | 'b', rdev: number, access: 'r' | 'w' | 'm'): void {
    const h = this.machine.hierarchies.find((x) => x.has('devices'));
    const node = h ? this.proc.cgroups.get(h.id) : undefined;
    if (!node) return;
    for (const n of node.chain()) {
      if (!deviceAllowed(n.devices, type, major(rdev), minor(rdev), access)) throw new SysError('EPERM', `${path}: ${strerror('EPERM')}`);
    }
  }

  /** Opens a path for writing as a redirect does (truncating unless appending); returns the description. */
  openWrite(path: string, append: boolean): FileDesc {
    return this.call(() => {
      const view = this.fs;
      const st = view.exists(path) ? view.stat(path) : null;
      if (st && (st.type === 'char' || st.type === 'block')) this.checkDevice(path, st.type === 'char' ? 'c' : 'b', st.rdev, 'w');
      if (!append || !st) view.writeFile(path, new Uint8Array(0), { mode: 0o666 });
      return new FileDesc({ kind: 'file', view, path, data: null, offset: 0 }, path);
    });
  }

  openRead(path: string): FileDesc {
    const data = this.readFile(path);
    return new FileDesc({ kind: 'file', view: this.fs, path, data, offset: 0 }, path);
  }

  sleep(ms: number): Promise<void> {
    return this.proc.block(this.machine.sched.sleep(ms));
  }

  /** CPU work: `ms` of CPU time, taking as long as the CPU model says. */
  cpu(ms: number): Promise<void> {
    return this.machine.cpu.run(this.proc, ms);
  }

  /** Touches `bytes` of new memory (charged to the memory cgroup; over the limit, the OOM killer answers). */
  alloc(bytes: number): void {
    this.proc.check();
    this.machine.chargeMemory(this.proc, bytes);
    this.proc.check();
  }

  free(bytes: number): void {
    this.proc.rss = Math.max(0, this.proc.rss - bytes);
  }

  /** A message for an error from a VFS call, as busybox words it. */
  static describe(e: unknown): string {
    if (e instanceof SysError) return e.message;
    return strerror(errnoCodeOf(e));
  }
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export const text = {
  encode: (s: string): Uint8Array => enc.encode(s),
  decode: (b: Uint8Array): string => dec.decode(b),
};
