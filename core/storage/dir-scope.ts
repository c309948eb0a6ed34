import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import { isMissing } from './atomic-file.js';

/** A directory mounted somewhere inside the scope (a container's volume or bind): its own host directory. */
export interface ScopeMount {
  /** Absolute path inside the scope: `/data`. */
  readonly destination: string;
  /** The host directory seen there. */
  readonly source: string;
}

/** Symlinks followed while resolving one path before giving up, as the kernel's own limit (ELOOP). */
const MAX_LINKS = 40;

function clean(parts: readonly string[]): string {
  return `/${parts.join('/')}`;
}

/**
 * A directory tree seen as if it were `/`: a container's root filesystem
 * (plus its volumes), or the directory `docker cp` extracts into on the
 * host. Paths are resolved the way a process chrooted there would see
 * them — a symlink is followed, but an absolute target or ".." starts over
 * from, or stops at, the scope's root — so no path can lead out to the
 * host however the links inside are planted (what Docker's
 * FollowSymlinkInScope does for `docker cp`).
 */
export class DirScope {
  private readonly mounts: ScopeMount[];

  constructor(private readonly kernel: Kernel, readonly root: string, mounts: readonly ScopeMount[] = []) {
    // Longest destination first: the innermost mount owns a path.
    this.mounts = [...mounts].sort((a, b) => b.destination.length - a.destination.length);
  }

  /** The host path of an already resolved scope path (no symlinks left in it): through the mount that holds it. */
  hostPath(scopePath: string): string {
    for (const m of this.mounts) {
      if (scopePath === m.destination) return m.source;
      if (scopePath.startsWith(`${m.destination}/`)) return `${m.source}${scopePath.slice(m.destination.length)}`;
    }
    return scopePath === '/' ? this.root : `${this.root}${scopePath}`;
  }

  /**
   * A scope path with every symlink on the way resolved inside the scope;
   * the last component is followed only when asked. A missing component
   * ends the resolution: the rest is kept as written.
   */
  async resolve(path: string, followFinal: boolean): Promise<string> {
    const pending = path.split('/').filter((p) => p !== '' && p !== '.');
    const done: string[] = [];
    let links = 0;
    let missing = false;
    while (pending.length > 0) {
      const part = pending.shift()!;
      if (part === '..') { done.pop(); continue; }
      done.push(part);
      if (missing || (pending.length === 0 && !followFinal)) continue;
      let type: string;
      try {
        type = (await this.kernel.lstat(this.hostPath(clean(done)))).type;
      } catch (e) {
        if (!isMissing(e) && !(e as { errnoCode?: string }).errnoCode?.startsWith('ENOTDIR')) throw e;
        missing = true;
        continue;
      }
      if (type !== 'symlink') continue;
      if (++links > MAX_LINKS) throw new DockbookError('E_LOOP', `too many levels of symbolic links in ${path}`);
      const target = await this.kernel.readlink(this.hostPath(clean(done)));
      done.pop();
      if (target.startsWith('/')) done.length = 0;
      pending.unshift(...target.split('/').filter((p) => p !== '' && p !== '.'));
    }
    return clean(done);
  }
}
