import { decodePathStat, isGoDir, isGoSymlink, type PathStat } from '../../api/path-stat.js';
import { DockbookError } from '../../errors.js';
import type { Kernel } from '../../kernel/kernel.js';
import { lstatOrNull } from '../../storage/atomic-file.js';
import { DirScope } from '../../storage/dir-scope.js';
import { extractArchive } from '../../storage/extract-archive.js';
import { tarOfPath } from '../../storage/path-tar.js';
import { rebaseTar } from '../../storage/rebase-tar.js';
import { call, type DockerIo } from './docker-io.js';

interface Endpoint {
  readonly container: string | null;
  readonly path: string;
}

/** What one side of a copy is, as docker's CopyInfo. */
interface CopyInfo {
  readonly path: string;
  readonly exists: boolean;
  readonly isDir: boolean;
}

/** docker's splitCpArg: `NAME:PATH` names a container unless the whole thing is an absolute or ./ path. */
function endpoint(arg: string): Endpoint {
  if (arg.startsWith('/') || arg.startsWith('.')) return { container: null, path: arg };
  const colon = arg.indexOf(':');
  if (colon <= 0) return { container: null, path: arg };
  return { container: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

const usageError = (message: string) => new DockbookError('E_USAGE', message, { hint: "see 'docker cp --help'", exitCode: 1 });
const copyError = (message: string) => new DockbookError('E_CP', message, { exitCode: 1 });

function assertsDirectory(path: string): boolean {
  return path.endsWith('/') || path.endsWith('/.') || path === '.';
}

function dirName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  return slash < 0 ? '.' : slash === 0 ? '/' : trimmed.slice(0, slash);
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** A container path as docker sends it: absolute, relative ones from the container's /. */
function containerAbs(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

/**
 * docker's PrepareArchiveCopy: where the archive is extracted and under
 * which top name. Into an existing directory it keeps its name; anywhere
 * else it is renamed to the destination's base name and extracted into
 * the destination's parent.
 */
function prepare(tar: Uint8Array, srcBase: string, src: CopyInfo, dst: CopyInfo): { dir: string; tar: Uint8Array } {
  if (dst.exists && dst.isDir) return { dir: dst.path, tar };
  if (dst.exists) {
    if (src.isDir) throw copyError('cannot copy directory');
    return { dir: dirName(dst.path), tar: rebaseTar(tar, srcBase, baseName(dst.path)) };
  }
  if (!src.isDir && assertsDirectory(dst.path)) throw copyError('no such directory');
  return { dir: dirName(dst.path), tar: rebaseTar(tar, srcBase, baseName(dst.path)) };
}

async function hostKernel(io: DockerIo): Promise<Kernel> {
  if (!io.host) throw new DockbookError('E_UNSUPPORTED', 'cp needs the files of the machine the command runs on', { hint: 'run it from a shell on the host', exitCode: 1 });
  return io.host();
}

async function statHeader(io: DockerIo, container: string, path: string): Promise<PathStat | null> {
  const r = await io.api.request({ method: 'HEAD', path: `/containers/${encodeURIComponent(container)}/archive`, query: { path } });
  if (r.status === 404) return null;
  const header = r.headers?.['x-docker-container-path-stat'];
  if (r.status !== 200 || !header) throw copyError(`Error response from daemon: ${(r.body as { message?: string } | null)?.message ?? `could not stat ${container}:${path} (HTTP ${r.status})`}`);
  return decodePathStat(header);
}

async function fromContainer(io: DockerIo, src: Endpoint & { container: string }, dstPath: string, followLink: boolean): Promise<number> {
  let srcPath = containerAbs(src.path);
  if (followLink) {
    const st = await statHeader(io, src.container, srcPath);
    if (st && isGoSymlink(st.mode)) srcPath = st.linkTarget;
  }
  const r = await call(io, { method: 'GET', path: `/containers/${encodeURIComponent(src.container)}/archive`, query: { path: srcPath } });
  const tar = r.bytes ?? new Uint8Array(0);
  if (dstPath === '-') { io.out(tar); return 0; }
  const stat = decodePathStat(r.headers?.['x-docker-container-path-stat'] ?? '');
  const kernel = await hostKernel(io);
  const dst = await hostInfo(kernel, dstPath, true);
  const prepared = prepare(tar, stat.name === '/' ? '.' : stat.name, { path: srcPath, exists: true, isDir: isGoDir(stat.mode) }, dst);
  const dir = prepared.dir;
  const dirSt = await kernel.stat(dir).catch(() => null);
  if (!dirSt || dirSt.type !== 'dir') throw copyError(`no such directory: ${dir}`);
  // The destination directory is the scope: nothing in the archive can lead a write above it.
  await extractArchive(kernel, prepared.tar, new DirScope(kernel, dir), '/', {});
  return 0;
}

/** docker's CopyInfoDestinationPath / CopyInfoSourcePath on the client's own files. */
async function hostInfo(kernel: Kernel, path: string, follow: boolean): Promise<CopyInfo> {
  let st = await lstatOrNull(kernel, path.replace(/\/+$/, '') || '/');
  let resolved = path;
  if (st?.type === 'symlink' && follow) {
    st = await kernel.stat(path).catch(() => null);
    if (st) {
      const target = await kernel.readlink(path.replace(/\/+$/, ''));
      resolved = target.startsWith('/') ? target : `${dirName(path)}/${target}`;
    }
  }
  if (st && assertsDirectory(path) && st.type !== 'dir') throw copyError(`${path}: not a directory`);
  return { path: st && resolved !== path ? resolved : path, exists: st !== null, isDir: st?.type === 'dir' };
}

async function toContainer(io: DockerIo, srcPath: string, dst: Endpoint & { container: string }, opts: { archive: boolean; followLink: boolean }): Promise<number> {
  if (srcPath === '-') throw usageError('copying a tar from stdin is not supported by this client: give a file or directory (or use the docker client)');
  const kernel = await hostKernel(io);
  let dstPath = containerAbs(dst.path);
  let dstStat = await statHeader(io, dst.container, dstPath);
  if (dstStat && isGoSymlink(dstStat.mode)) {
    dstPath = dstStat.linkTarget;
    dstStat = await statHeader(io, dst.container, dstPath);
  }
  const dstInfo: CopyInfo = { path: dstPath, exists: dstStat !== null, isDir: dstStat !== null && isGoDir(dstStat.mode) };
  const srcInfo = await hostInfo(kernel, srcPath, opts.followLink);
  if (!srcInfo.exists) throw copyError(`lstat ${srcPath}: no such file or directory`);
  const srcBase = srcPath.endsWith('/.') || srcPath === '.' ? '.' : baseName(srcInfo.path);
  const tar = await tarOfPath(kernel, srcInfo.path.replace(/\/\.$/, '') || '/', srcBase);
  const prepared = prepare(tar, srcBase, srcInfo, dstInfo);
  await call(io, {
    method: 'PUT', path: `/containers/${encodeURIComponent(dst.container)}/archive`,
    query: { path: prepared.dir, noOverwriteDirNonDir: true, copyUIDGID: opts.archive }, body: prepared.tar,
  });
  return 0;
}

/** `docker cp [-a] [-L] SRC DST`, one side in a container (`NAME:PATH`), the other here or `-` (a tar on stdout). */
export async function cp(io: DockerIo, srcArg: string, dstArg: string, opts: { archive: boolean; followLink: boolean }): Promise<number> {
  const src = endpoint(srcArg);
  const dst = endpoint(dstArg);
  if (src.container !== null && dst.container !== null) throw usageError('copying between containers is not supported');
  if (src.container === null && dst.container === null) throw usageError('must specify at least one container source');
  if (src.container !== null) {
    if (src.path === '') throw usageError('source path cannot be empty');
    return fromContainer(io, { container: src.container, path: src.path }, dst.path, opts.followLink);
  }
  if (dst.path === '') throw usageError('destination path cannot be empty');
  return toContainer(io, src.path, { container: dst.container!, path: dst.path }, opts);
}
