import { fail } from './errno.js';
import { crossMounts } from './mount-namespace.js';
import { isMountRoot, sameLocation, type Location } from './mount.js';
import { components, hasTrailingSlash, isAbsolute, startsWithPath } from './paths.js';
import { MAY_EXEC, permits, type Credential } from './permissions.js';

/** Linux's MAXSYMLINKS: symlinks followed in one resolution, nested ones included. */
export const MAX_SYMLINK_HOPS = 40;

export interface ResolveContext {
  readonly root: Location;
  readonly cwd: Location;
  readonly cred: Credential;
}

/**
 * The outcome of a walk. `parent` and `name` say where the last component
 * lives (null for `/`, `.` and `..` endings, which have no name of their
 * own); `loc` is what it names, or null when it does not exist yet.
 */
export interface Resolved {
  readonly loc: Location | null;
  readonly parent: Location | null;
  readonly name: string;
  readonly trailingSlash: boolean;
}

/**
 * Walks a path the way namei does: component by component from the process
 * root or cwd, crossing onto whatever is mounted on each name, never above
 * the process root on `..`, following symlinks in the middle always and at
 * the end when `followLast` (or a trailing slash) asks, 40 hops at most.
 */
export function walk(ctx: ResolveContext, path: string, followLast: boolean): Resolved {
  if (path === '') fail('ENOENT');
  const trailingSlash = hasTrailingSlash(path);
  const queue = components(path);
  let cur = isAbsolute(path) ? ctx.root : ctx.cwd;
  let hops = 0;
  if (queue.length === 0) return { loc: cur, parent: null, name: '/', trailingSlash };
  for (;;) {
    const name = queue.shift()!;
    const last = queue.length === 0;
    search(ctx, cur);
    if (name === '.' || name === '..') {
      if (name === '..') cur = dotdot(ctx, cur);
      if (last) return { loc: cur, parent: null, name, trailingSlash };
      continue;
    }
    const child = lookupIn(cur, name);
    if (!child) {
      if (last) return { loc: null, parent: cur, name, trailingSlash };
      fail('ENOENT');
    }
    const isLink = child.mount.fs.getattr(child.node).type === 'symlink';
    if (isLink && (!last || followLast || trailingSlash)) {
      if (++hops > MAX_SYMLINK_HOPS) fail('ELOOP');
      const target = child.mount.fs.readlink(child.node);
      if (target === '') fail('ENOENT');
      queue.unshift(...components(target));
      if (isAbsolute(target)) {
        cur = ctx.root;
        if (queue.length === 0) return { loc: cur, parent: null, name: '/', trailingSlash };
      }
      continue;
    }
    if (last) return { loc: child, parent: cur, name, trailingSlash };
    cur = child;
  }
}

/** A directory the walk passes through must be one, and searchable. */
function search(ctx: ResolveContext, dir: Location): void {
  const st = dir.mount.fs.getattr(dir.node);
  if (st.type !== 'dir') fail('ENOTDIR');
  if (!permits(st, ctx.cred, MAY_EXEC)) fail('EACCES');
}

/** One name in a directory, landing on the topmost mount stacked there. */
export function lookupIn(dir: Location, name: string): Location | null {
  const node = dir.mount.fs.lookup(dir.node, name);
  if (!node) return null;
  return crossMounts({ mount: dir.mount, node, path: [...dir.path, name] });
}

/**
 * `..`: stays put at the process root; at the root of a mount it climbs to
 * the mount point first (as often as mounts are stacked), then to the parent
 * directory; and like follow_dotdot it ends on whatever is mounted there.
 */
function dotdot(ctx: ResolveContext, from: Location): Location {
  let cur = from;
  for (;;) {
    if (sameLocation(cur, ctx.root)) break;
    if (isMountRoot(cur)) {
      const m = cur.mount;
      if (!m.parent || !m.mountpoint) break;
      cur = { mount: m.parent, node: m.mountpoint, path: m.mpPath };
      continue;
    }
    cur = { mount: cur.mount, node: cur.mount.fs.parent(cur.node), path: cur.path.slice(0, -1) };
    break;
  }
  return crossMounts(cur);
}

/**
 * The path of `loc` as seen from `root`, or null when it lies outside (what
 * mountinfo skips and getcwd calls unreachable). Climbs from mount to parent
 * mount by mount points, as d_path does.
 */
export function visiblePath(loc: Location, root: Location): string[] | null {
  let m = loc.mount;
  let p: readonly string[] = loc.path;
  for (;;) {
    if (m === root.mount) return startsWithPath(p, root.path) ? p.slice(root.path.length) : null;
    if (!m.parent) return null;
    p = [...m.mpPath, ...p.slice(m.rootPath.length)];
    m = m.parent;
  }
}

/** The directory a path's last component lives in, and that component unresolved (filename_parentat). */
export interface ParentWalk {
  readonly dir: Location;
  readonly name: string;
  /** `name` for an ordinary last component; the others have no entry to create or remove. */
  readonly kind: 'name' | 'dot' | 'dotdot' | 'root';
  readonly trailingSlash: boolean;
  /** What `name` is in `dir` itself, before any mount on it and without following a symlink. */
  readonly child: Location | null;
}

export function walkParent(ctx: ResolveContext, path: string): ParentWalk {
  if (path === '') fail('ENOENT');
  const trailingSlash = hasTrailingSlash(path);
  const parts = components(path);
  const name = parts.pop();
  if (name === undefined) return { dir: ctx.root, name: '/', kind: 'root', trailingSlash, child: null };
  const dirPath = parts.length > 0 ? `${isAbsolute(path) ? '/' : ''}${parts.join('/')}` : isAbsolute(path) ? '/' : '.';
  const r = walk(ctx, dirPath, true);
  const dir = r.loc ?? fail('ENOENT');
  search(ctx, dir);
  if (name === '.' || name === '..') {
    return { dir, name, kind: name === '.' ? 'dot' : 'dotdot', trailingSlash, child: null };
  }
  const node = dir.mount.fs.lookup(dir.node, name);
  const child = node ? { mount: dir.mount, node, path: [...dir.path, name] } : null;
  return { dir, name, kind: 'name', trailingSlash, child };
}
