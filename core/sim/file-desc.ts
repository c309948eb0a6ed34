import type { FsView } from './vfs/index.js';
import type { Pipe } from './pipe.js';
import type { Pty } from './pty.js';

/**
 * An open file description, shared by every descriptor that dup'ed or
 * inherited it; the last close releases the pipe end it holds.
 */
export type FileTarget =
  | { readonly kind: 'pipe-r'; readonly pipe: Pipe }
  | { readonly kind: 'pipe-w'; readonly pipe: Pipe }
  /** A file opened by path: whole-file reads, appending writes (redirects). */
  | { readonly kind: 'file'; readonly view: FsView; readonly path: string; data: Uint8Array | null; offset: number }
  /** Nothing there ('ignore' stdio): reads see end-of-file, writes vanish. */
  | { readonly kind: 'null' }
  /** A terminal: the master (the engine's end) or the slave (the programs' stdio). */
  | { readonly kind: 'pty-master'; readonly pty: Pty }
  | { readonly kind: 'pty-slave'; readonly pty: Pty }
  /** Lines written here go to a log (the shim's json-file relay). */
  | { readonly kind: 'sink'; readonly write: (data: Uint8Array) => void; readonly close?: () => void };

export class FileDesc {
  private refs = 1;

  constructor(readonly target: FileTarget, readonly label: string) {
    if (target.kind === 'pipe-w') target.pipe.openWriter();
    if (target.kind === 'pty-slave') target.pty.openSlave();
  }

  dup(): FileDesc {
    this.refs++;
    return this;
  }

  close(): void {
    if (--this.refs > 0) return;
    const t = this.target;
    if (t.kind === 'pipe-w') t.pipe.closeWriter();
    if (t.kind === 'pipe-r') t.pipe.closeReader();
    if (t.kind === 'sink') t.close?.();
    if (t.kind === 'pty-slave') t.pty.closeSlave();
    if (t.kind === 'pty-master') t.pty.hangup();
  }
}

/** A process's descriptor table. */
export class FdTable {
  readonly fds = new Map<number, FileDesc>();

  set(fd: number, d: FileDesc): void {
    this.fds.get(fd)?.close();
    this.fds.set(fd, d);
  }

  get(fd: number): FileDesc | undefined {
    return this.fds.get(fd);
  }

  close(fd: number): void {
    this.fds.get(fd)?.close();
    this.fds.delete(fd);
  }

  /** What fork gives the child: the same descriptions, one more reference each. */
  clone(): FdTable {
    const t = new FdTable();
    for (const [fd, d] of this.fds) t.fds.set(fd, d.dup());
    return t;
  }

  closeAll(): void {
    for (const d of this.fds.values()) d.close();
    this.fds.clear();
  }
}
