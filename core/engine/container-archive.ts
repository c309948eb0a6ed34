import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import type { FileStat } from '../kernel/types.js';
import { goFileMode, rfc3339Nano, type PathStat } from '../api/path-stat.js';
import { isMissing } from '../storage/atomic-file.js';
import { DirScope } from '../storage/dir-scope.js';
import { extractArchive } from '../storage/extract-archive.js';
import { tarOfPath } from '../storage/path-tar.js';
import type { Engine } from './engine.js';
import type { ImageService } from './image-service.js';
import type { ContainerRecordV1 } from './model.js';
import { lookupUser } from './container-user.js';

export const fileNotFound = (path: string, container: string) =>
  new DockbookError('E_NOT_FOUND', `Could not find the file ${path} in container ${container}`, { hint: 'paths are inside the container, from its /' });

/** `SRC/.`, `DIR/`: the path names a directory's contents or insists on a directory, so its last link is followed. */
function followsFinal(path: string): boolean {
  return path.endsWith('/') || path.endsWith('/.') || path === '.';
}

/** The name a path's content is archived under: its base name, or "." for `DIR/.` (Go's filepath.Base). */
function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * `docker cp` and `docker export` on the engine side: a container's files
 * read and written through its root filesystem on the host, with its
 * volumes and binds where the container sees them. A stopped container's
 * rootfs is mounted for the call and unmounted after, as dockerd does.
 * Every path is resolved inside the container (a symlink there to `/etc`
 * means the container's /etc, never the host's).
 */
export class ContainerArchive {
  constructor(private readonly kernel: Kernel, private readonly engine: Engine, private readonly images: ImageService) {}

  private async withRootfs<T>(ref: string, body: (scope: DirScope, rec: ContainerRecordV1) => Promise<T>): Promise<T> {
    const rec = this.engine.resolve(ref);
    const wasRunning = rec.State.Running;
    const rootfs = await this.images.mountRootfs(rec.Id, rec.Image);
    const mounts = (rec.Mounts ?? []).filter((m) => m.Type !== 'tmpfs').map((m) => ({ destination: m.Destination, source: m.Source }));
    try {
      return await body(new DirScope(this.kernel, rootfs, mounts), rec);
    } finally {
      if (!wasRunning && !this.engine.resolve(rec.Id).State.Running) await this.images.unmountRootfs(rec.Id).catch(() => {});
    }
  }

  private async statIn(scope: DirScope, ref: string, path: string): Promise<{ stat: PathStat; host: string; st: FileStat; resolved: string }> {
    const resolved = await scope.resolve(path, followsFinal(path));
    const host = scope.hostPath(resolved);
    let st: FileStat;
    try {
      st = await this.kernel.lstat(host);
    } catch (e) {
      if (isMissing(e)) throw fileNotFound(path, ref);
      throw e;
    }
    if (followsFinal(path) && st.type !== 'dir') throw new DockbookError('E_INVALID_ARGUMENT', `lstat ${path}: not a directory`);
    const linkTarget = st.type === 'symlink' ? await scope.resolve(resolved, true) : '';
    return { stat: { name: baseName(path), size: st.size, mode: goFileMode(st), mtime: rfc3339Nano(st.mtimeMs), linkTarget }, host, st, resolved };
  }

  /** HEAD /containers/{id}/archive. */
  stat(ref: string, path: string): Promise<PathStat> {
    return this.withRootfs(ref, async (scope) => (await this.statIn(scope, ref, path)).stat);
  }

  /** GET /containers/{id}/archive: the path's stat and a tar of it, named by its base name ("." for `DIR/.`). */
  get(ref: string, path: string): Promise<{ stat: PathStat; tar: Uint8Array }> {
    return this.withRootfs(ref, async (scope) => {
      const s = await this.statIn(scope, ref, path);
      return { stat: s.stat, tar: await tarOfPath(this.kernel, s.host, s.stat.name === '/' ? '.' : s.stat.name) };
    });
  }

  /**
   * PUT /containers/{id}/archive: a tar extracted into a directory that must
   * exist. Owners are the tar's; with copyUIDGID and a container user, that
   * user's (as dockerd does).
   */
  put(ref: string, path: string, tar: Uint8Array, opts: { noOverwriteDirNonDir: boolean; copyUIDGID: boolean }): Promise<void> {
    return this.withRootfs(ref, async (scope, rec) => {
      const resolved = await scope.resolve(path, true);
      let st: FileStat;
      try {
        st = await this.kernel.lstat(scope.hostPath(resolved));
      } catch (e) {
        if (isMissing(e)) throw fileNotFound(path, ref);
        throw e;
      }
      if (st.type !== 'dir') throw new DockbookError('E_INVALID_ARGUMENT', 'extraction point is not a directory');
      if (rec.HostConfig.ReadonlyRootfs && scope.hostPath(resolved).startsWith(scope.root)) {
        throw new DockbookError('E_INVALID_ARGUMENT', 'container rootfs is marked read-only');
      }
      const user = opts.copyUIDGID && rec.Config.User ? await lookupUser(this.kernel, scope, rec.Config.User) : undefined;
      await extractArchive(this.kernel, tar, scope, resolved, { noOverwriteDirNonDir: opts.noOverwriteDirNonDir, ...(user ? { chown: user } : {}) });
    });
  }

  /** GET /containers/{id}/export: the merged root filesystem, flattened, as one tar (no volumes). */
  export(ref: string): Promise<Uint8Array> {
    return this.withRootfs(ref, async (scope) => tarOfPath(this.kernel, scope.root, ''));
  }
}
