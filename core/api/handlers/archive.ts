import type { ApiContext } from '../api-context.js';
import { empty, truthy, type ApiRequest, type ApiResult } from '../http-types.js';
import { encodePathStat, PATH_STAT_HEADER } from '../path-stat.js';
import { ContainerArchive } from '../../engine/container-archive.js';
import { DockbookError } from '../../errors.js';

function archiveOf(ctx: ApiContext): ContainerArchive {
  return new ContainerArchive(ctx.kernel, ctx.engine, ctx.images);
}

function pathOf(req: ApiRequest): string {
  const path = req.query['path'];
  if (!path) throw new DockbookError('E_INVALID_ARGUMENT', 'bad parameter: path cannot be empty');
  return path;
}

const tarStream = (tar: Uint8Array, headers: Record<string, string> = {}): ApiResult => ({
  kind: 'stream', status: 200, contentType: 'application/x-tar', headers, chunks: async function* () { yield tar; },
});

/** HEAD /containers/{id}/archive?path=: what is there, in the stat header only (docker cp asks first). */
export async function statPath(ctx: ApiContext, id: string, req: ApiRequest): Promise<ApiResult> {
  const stat = await archiveOf(ctx).stat(id, pathOf(req));
  return { kind: 'empty', status: 200, headers: { [PATH_STAT_HEADER]: encodePathStat(stat) } };
}

/** GET /containers/{id}/archive?path=: a tar of the path, its stat in the header. */
export async function getArchive(ctx: ApiContext, id: string, req: ApiRequest): Promise<ApiResult> {
  const { stat, tar } = await archiveOf(ctx).get(id, pathOf(req));
  return tarStream(tar, { [PATH_STAT_HEADER]: encodePathStat(stat) });
}

/** PUT /containers/{id}/archive?path=DIR: the body (a tar) extracted into DIR. */
export async function putArchive(ctx: ApiContext, id: string, req: ApiRequest): Promise<ApiResult> {
  if (!(req.body instanceof Uint8Array)) throw new DockbookError('E_INVALID_ARGUMENT', 'the request body must be a tar archive (Content-Type: application/x-tar)');
  await archiveOf(ctx).put(id, pathOf(req), req.body, {
    noOverwriteDirNonDir: truthy(req.query['noOverwriteDirNonDir']),
    copyUIDGID: truthy(req.query['copyUIDGID']),
  });
  return empty(200);
}

/** GET /containers/{id}/export: the container's root filesystem as one flat tar. */
export async function exportContainer(ctx: ApiContext, id: string): Promise<ApiResult> {
  return tarStream(await archiveOf(ctx).export(id));
}
