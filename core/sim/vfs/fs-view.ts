import type { DirEntry, FileStat, MountInfo, MountSpec } from '../../kernel/types.js';
import { asCall, fail } from './errno.js';
import { makedev } from './device-numbers.js';
import type { NodeType } from './filesystem.js';
import type { MountNamespace } from './mount-namespace.js';
import type { FsContext, Location } from './mount.js';
import { mountInfoText, mountPointsOf, mountTable } from './mount-table.js';
import { isAbsolute, joinAbsolute, normalizeAbsolute } from './paths.js';
import { MAY_EXEC, MAY_READ, MAY_WRITE, ROOT_CREDENTIAL, inGroup, permits, type Credential } from './permissions.js';
import { visiblePath, walk, walkParent, type ParentWalk, type ResolveContext } from './resolve.js';
import type { Vfs } from './vfs.js';
import { createIn, deviceFor, mayChangeMetadata, mayCreateIn, mayWrite } from './view-access.js';
import { doMount, doPivotRoot, doUmount } from './view-mounts.js';
import { mkdirOne, mkdirp, removeTree, renameAt, rmdirAt, unlinkAt } from './view-names.js';
import { xattrGet, xattrList, xattrRemove, xattrSet } from './view-xattrs.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The result of checking a program before exec: what spawn needs to know. */
export interface ExecCheck {
  readonly stat: FileStat;
  /** set-user-ID bits are ignored on a nosuid mount. */
  readonly nosuid: boolean;
}

/**
 * One process's view of the filesystem: its mount namespace, root, working
 * directory, credentials and umask. The methods mirror the Kernel's file and
 * mount calls (synchronous here; SimKernel wraps them) and fail with the same
 * `KernelError(call, subject, errno)` that LinuxKernel throws.
 */
export class FsView implements FsContext {
  root: Location;
  cwd: Location;
  ns: MountNamespace;
  cred: Credential;
  umask = 0o022;

  constructor(readonly vfs: Vfs, ns: MountNamespace, cred: Credential = ROOT_CREDENTIAL, at?: { root: Location; cwd: Location }) {
    this.ns = ns;
    this.cred = cred;
    this.root = at?.root ?? ns.root();
    this.cwd = at?.cwd ?? this.root;
    vfs.addView(this);
  }

  /** A child process's view: same namespace, root, cwd, credentials and umask. */
  fork(cred: Credential = this.cred): FsView {
    const v = new FsView(this.vfs, this.ns, cred, { root: this.root, cwd: this.cwd });
    v.umask = this.umask;
    return v;
  }

  /** The process is gone: it no longer keeps mounts busy. */
  close(): void {
    this.vfs.removeView(this);
  }

  // ── namespaces, root, cwd ─────────────────────────────────────────

  /** unshare(CLONE_NEWNS): a private copy of the mount tree, with root and cwd moved onto the copies. */
  unshareMounts(): MountNamespace {
    const { ns, copies } = this.ns.clone();
    const move = (loc: Location): Location => ({ ...loc, mount: copies.get(loc.mount) ?? loc.mount });
    this.ns = ns;
    this.root = move(this.root);
    this.cwd = move(this.cwd);
    return ns;
  }

  /** setns() into a mount namespace: root and cwd become its root. */
  enterNamespace(ns: MountNamespace): void {
    this.ns = ns;
    this.root = ns.root();
    this.cwd = this.root;
  }

  chdir(path: string): void {
    asCall('chdir', path, () => {
      const loc = this.existing(path, true);
      const st = this.statOf(loc);
      if (st.type !== 'dir') fail('ENOTDIR');
      if (!permits(st, this.cred, MAY_EXEC)) fail('EACCES');
      this.cwd = loc;
    });
  }

  chroot(path: string): void {
    asCall('chroot', path, () => {
      const loc = this.existing(path, true);
      const st = this.statOf(loc);
      if (st.type !== 'dir') fail('ENOTDIR');
      if (!permits(st, this.cred, MAY_EXEC)) fail('EACCES');
      if (this.cred.uid !== 0) fail('EPERM');
      this.root = loc;
    });
  }

  getcwd(): string {
    const parts = visiblePath(this.cwd, this.root);
    return parts ? joinAbsolute(parts) : '(unreachable)';
  }

  // ── files ─────────────────────────────────────────────────────────

  readFile(path: string): Uint8Array {
    return asCall('read', path, () => {
      const loc = this.existing(path, true);
      const st = this.statOf(loc);
      if (!permits(st, this.cred, MAY_READ)) fail('EACCES');
      if (st.type === 'dir') fail('EISDIR');
      if (st.type === 'file') return loc.mount.fs.read(loc.node);
      return deviceFor(this, loc, st).read();
    });
  }

  readText(path: string): string {
    return decoder.decode(this.readFile(path));
  }

  writeFile(path: string, data: Uint8Array | string, opts: { mode?: number; append?: boolean } = {}): void {
    asCall('write', path, () => {
      const bytes = typeof data === 'string' ? encoder.encode(data) : data;
      const r = walk(this.ctx(), path, true);
      if (r.loc) {
        const st = this.statOf(r.loc);
        if (st.type === 'dir') fail('EISDIR');
        if (r.trailingSlash) fail('ENOTDIR');
        if (st.type !== 'file') {
          if (!permits(st, this.cred, MAY_WRITE)) fail('EACCES');
          deviceFor(this, r.loc, st).write(bytes);
          return;
        }
        mayWrite(this, r.loc, st);
        r.loc.mount.fs.write(r.loc.node, bytes, opts.append ?? false);
        return;
      }
      const parent = r.parent ?? fail('ENOENT');
      if (r.trailingSlash) fail('EISDIR');
      const node = createIn(this, parent, r.name, 'file', opts.mode ?? 0o666);
      parent.mount.fs.write(node, bytes, false);
    });
  }

  truncate(path: string, size: number): void {
    asCall('truncate', path, () => {
      const loc = this.existing(path, true);
      const st = this.statOf(loc);
      if (st.type === 'dir') fail('EISDIR');
      if (st.type !== 'file') fail('EINVAL');
      mayWrite(this, loc, st);
      loc.mount.fs.truncate(loc.node, size);
    });
  }

  stat(path: string): FileStat {
    return asCall('stat', path, () => this.statOf(this.existing(path, true)));
  }

  lstat(path: string): FileStat {
    return asCall('lstat', path, () => this.statOf(this.existing(path, false)));
  }

  exists(path: string): boolean {
    try {
      this.lstat(path);
      return true;
    } catch {
      return false;
    }
  }

  readdir(path: string): DirEntry[] {
    return asCall('readdir', path, () => {
      const loc = this.existing(path, true);
      const st = this.statOf(loc);
      if (st.type !== 'dir') fail('ENOTDIR');
      if (!permits(st, this.cred, MAY_READ)) fail('EACCES');
      return loc.mount.fs.readdir(loc.node);
    });
  }

  mkdir(path: string, opts: { recursive?: boolean; mode?: number } = {}): void {
    asCall('mkdir', path, () => {
      if (opts.recursive) mkdirp(this, path, opts.mode ?? 0o777);
      else mkdirOne(this, path, opts.mode ?? 0o777);
    });
  }

  /** A file or an empty directory; `recursive` removes a tree but refuses to run over a mount. */
  remove(path: string, opts: { recursive?: boolean; force?: boolean } = {}): void {
    if (opts.recursive) {
      removeTree(this, path, opts.force ?? false);
      return;
    }
    asCall('remove', path, () => {
      const w = walkParent(this.ctx(), path);
      if (w.kind === 'name' && !w.child) {
        if (opts.force) return;
        fail('ENOENT');
      }
      const isDir = w.kind !== 'name' || this.statOf(w.child!).type === 'dir';
      if (isDir) rmdirAt(this, w);
      else unlinkAt(this, w);
    });
  }

  rmdir(path: string): void {
    asCall('rmdir', path, () => rmdirAt(this, walkParent(this.ctx(), path)));
  }

  /** unlink(2): a non-directory. */
  unlink(path: string): void {
    asCall('unlink', path, () => unlinkAt(this, walkParent(this.ctx(), path)));
  }

  rename(from: string, to: string): void {
    asCall('rename', `${from} → ${to}`, () => renameAt(this, walkParent(this.ctx(), from), walkParent(this.ctx(), to)));
  }

  symlink(target: string, path: string): void {
    asCall('symlink', `${path} → ${target}`, () => {
      const w = forCreate(this, path);
      createIn(this, w.dir, w.name, 'symlink', 0o777, { target, ignoreUmask: true });
    });
  }

  readlink(path: string): string {
    return asCall('readlink', path, () => {
      const loc = this.existing(path, false);
      return loc.mount.fs.readlink(loc.node);
    });
  }

  /** A hard link (link(2), not following a symlink at `existing`). */
  link(existing: string, newPath: string): void {
    asCall('link', `${newPath} → ${existing}`, () => {
      const src = this.existing(existing, false);
      const w = walkParent(this.ctx(), newPath);
      if (w.kind !== 'name' || w.child) fail('EEXIST');
      if (src.mount !== w.dir.mount) fail('EXDEV');
      mayCreateIn(this, w.dir);
      if (this.statOf(src).type === 'dir') fail('EPERM');
      w.dir.mount.fs.link(w.dir.node, w.name, src.node);
    });
  }

  chmod(path: string, mode: number): void {
    asCall('chmod', path, () => {
      const loc = this.existing(path, true);
      mayChangeMetadata(loc);
      const st = this.statOf(loc);
      if (this.cred.uid !== 0 && this.cred.uid !== st.uid) fail('EPERM');
      loc.mount.fs.setattr(loc.node, { mode: mode & 0o7777 });
    });
  }

  /**
   * utimensat(2) with AT_SYMLINK_NOFOLLOW and explicit times: only the owner
   * or root may set them. The simulator keeps no atime, so only mtime sticks.
   */
  utimes(path: string, _atimeMs: number, mtimeMs: number): void {
    asCall('utimes', path, () => {
      const loc = this.existing(path, false);
      mayChangeMetadata(loc);
      if (this.cred.uid !== 0 && this.cred.uid !== this.statOf(loc).uid) fail('EPERM');
      loc.mount.fs.setattr(loc.node, { mtimeMs });
    });
  }

  /** lchown(2), as LinuxKernel.chown is: a symlink itself changes owner. */
  chown(path: string, uid: number, gid: number): void {
    asCall('chown', path, () => {
      const loc = this.existing(path, false);
      mayChangeMetadata(loc);
      const st = this.statOf(loc);
      if (this.cred.uid !== 0) {
        const mayChgrp = this.cred.uid === st.uid && uid === st.uid && (gid === st.gid || inGroup(this.cred, gid));
        if (!mayChgrp) fail('EPERM');
      }
      // A changed owner must not inherit the power of a set-id program.
      let mode = st.mode;
      if (st.type === 'file') {
        mode &= ~0o4000;
        if (mode & 0o010) mode &= ~0o2000;
      }
      loc.mount.fs.setattr(loc.node, { uid, gid, mode });
    });
  }

  mknod(path: string, type: 'char' | 'block' | 'fifo', mode: number, major: number, minor: number): void {
    asCall('mknod', path, () => {
      const w = forCreate(this, path);
      if (type !== 'fifo' && this.cred.uid !== 0) fail('EPERM');
      createIn(this, w.dir, w.name, type, mode, { rdev: type === 'fifo' ? 0 : makedev(major, minor) });
    });
  }

  /** access(2): throws unless the caller may read/write/execute (`MAY_*` bits; 0 checks existence). */
  access(path: string, want: number): void {
    asCall('access', path, () => {
      const loc = this.existing(path, true);
      const st = this.statOf(loc);
      if ((want & MAY_WRITE) && loc.mount.isReadOnly() && isRegularish(st.type)) fail('EROFS');
      if (!permits(st, this.cred, want)) fail('EACCES');
    });
  }

  /** The checks execve makes on a program before running it. */
  checkExec(path: string): ExecCheck {
    return asCall('execve', path, () => {
      const loc = this.existing(path, true);
      const st = this.statOf(loc);
      if (st.type !== 'file') fail('EACCES');
      if (loc.mount.flags.noexec) fail('EACCES');
      if (!permits(st, this.cred, MAY_EXEC)) fail('EACCES');
      return { stat: st, nosuid: loc.mount.flags.nosuid };
    });
  }

  getxattr(path: string, name: string, opts: { follow?: boolean } = {}): Uint8Array {
    return asCall('getxattr', `${path}, ${name}`, () => xattrGet(this, this.existing(path, opts.follow ?? true), name));
  }

  setxattr(path: string, name: string, value: Uint8Array | string, opts: { follow?: boolean } = {}): void {
    asCall('setxattr', `${path}, ${name}`, () => {
      const loc = this.existing(path, opts.follow ?? true);
      mayChangeMetadata(loc);
      xattrSet(this, loc, name, typeof value === 'string' ? encoder.encode(value) : value);
    });
  }

  listxattr(path: string, opts: { follow?: boolean } = {}): string[] {
    return asCall('listxattr', path, () => xattrList(this, this.existing(path, opts.follow ?? true)));
  }

  removexattr(path: string, name: string, opts: { follow?: boolean } = {}): void {
    asCall('removexattr', `${path}, ${name}`, () => {
      const loc = this.existing(path, opts.follow ?? true);
      mayChangeMetadata(loc);
      xattrRemove(this, loc, name);
    });
  }

  // ── mounts ────────────────────────────────────────────────────────

  mount(spec: MountSpec): void {
    asCall('mount', `${spec.fstype ?? spec.source} → ${spec.target}`, () => doMount(this, spec));
  }

  umount(target: string, opts: { detach?: boolean } = {}): void {
    asCall('umount', target, () => doUmount(this, target, opts.detach ?? false));
  }

  pivotRoot(newRoot: string, putOld: string): void {
    asCall('pivot_root', `${newRoot}, ${putOld}`, () => doPivotRoot(this, newRoot, putOld));
  }

  /** /proc/self/mountinfo as parseMountInfo would return it. */
  mountTable(): MountInfo[] {
    return mountTable(this.ns, this.root);
  }

  /** Mount points of the filesystem with this st_dev: how the UI places an overlay event. */
  mountPointsOf(dev: number): string[] {
    return mountPointsOf(this.ns, this.root, dev);
  }

  /** /proc/self/mountinfo's text. */
  mountInfoText(): string {
    return mountInfoText(this.ns, this.root);
  }

  // ── used by the view-*.ts helpers ─────────────────────────────────

  ctx(): ResolveContext {
    return { root: this.root, cwd: this.cwd, cred: this.cred };
  }

  /** An existing path; a trailing slash demands a directory. */
  existing(path: string, follow: boolean): Location {
    const r = walk(this.ctx(), path, follow);
    const loc = r.loc ?? fail('ENOENT');
    if (r.trailingSlash && this.statOf(loc).type !== 'dir') fail('ENOTDIR');
    return loc;
  }

  statOf(loc: Location): FileStat {
    return loc.mount.fs.getattr(loc.node);
  }

  /** Absolute form of a path the way Node's path.resolve makes one: lexically, against the cwd. */
  absolute(path: string): string {
    return normalizeAbsolute(isAbsolute(path) ? path : `${this.getcwd()}/${path}`);
  }
}

/** Where a new name goes (symlink, mknod): an existing name, `.` or `/` is EEXIST; `name/` for a non-directory is ENOENT. */
function forCreate(view: FsView, path: string): ParentWalk {
  const w = walkParent(view.ctx(), path);
  if (w.kind !== 'name' || w.child) fail('EEXIST');
  if (w.trailingSlash) fail('ENOENT');
  return w;
}

function isRegularish(t: NodeType): boolean {
  return t === 'file' || t === 'dir' || t === 'symlink';
}
