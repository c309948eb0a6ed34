import type { ApiContext } from '../api-context.js';
import { json, type ApiRequest, type ApiResult } from '../http-types.js';
import { noSuchImage } from '../../engine/engine-errors.js';

export async function list(ctx: ApiContext): Promise<ApiResult> {
  const images = await ctx.images.list();
  return json(images.map((i) => ({
    Id: i.id, ParentId: '', RepoTags: i.repoTags, RepoDigests: [], Created: Math.floor(Date.parse(i.created) / 1000),
    Size: i.size, SharedSize: -1, VirtualSize: i.size, Labels: i.config.Labels ?? {}, Containers: -1,
  })));
}

export async function inspectOne(ctx: ApiContext, name: string): Promise<ApiResult> {
  const i = await ctx.images.find(name);
  if (!i) throw noSuchImage(name);
  return json({ Id: i.id, RepoTags: i.repoTags, RepoDigests: [], Created: i.created, Size: i.size, Config: i.config, Os: 'linux', Architecture: 'amd64', RootFS: { Type: 'layers' } });
}

/** `docker pull` (and the pull `docker run` tries): there is no registry client yet, so say so as dockerd would. */
export function pull(req: ApiRequest): ApiResult {
  const name = req.query['fromImage'] ?? '';
  return json({ message: `pull access denied for ${name}, repository does not exist or may require 'docker login': this engine has no registry client yet (busybox is built in; load others with 'docker load')` }, 404);
}
