import type { ApiContext } from '../api-context.js';
import { json, type ApiRequest, type ApiResult } from '../http-types.js';
import { noSuchImage } from '../../engine/engine-errors.js';
import { DockbookError } from '../../errors.js';

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

export async function history(ctx: ApiContext, name: string): Promise<ApiResult> {
  const rows = await ctx.images.history(name);
  return json(rows.map((r) => ({ Id: r.id, Created: Math.floor(Date.parse(r.created) / 1000), CreatedBy: r.createdBy, Tags: null, Size: r.size, Comment: r.comment })));
}

export async function tag(ctx: ApiContext, name: string, req: ApiRequest): Promise<ApiResult> {
  const repo = req.query['repo'];
  if (!repo) throw new DockbookError('E_INVALID_ARGUMENT', 'repository name must have at least one component');
  const ref = req.query['tag'] ? `${repo}:${req.query['tag']}` : repo;
  await ctx.images.tag(name, ref);
  const image = await ctx.images.find(ref);
  // Events name images as users write them: docker.io/library/x:1 is x:1.
  const familiar = ref.replace(/^docker\.io\/(library\/)?/, '');
  if (image) ctx.engine.events.image('tag', image.id, { name: /:[^/]+$/.test(familiar) ? familiar : `${familiar}:latest` });
  return { kind: 'empty', status: 201 };
}

export async function remove(ctx: ApiContext, name: string, req: ApiRequest): Promise<ApiResult> {
  const image = await ctx.images.find(name);
  const lines = await ctx.images.remove(name, req.query['force'] === '1' || req.query['force'] === 'true');
  for (const l of lines) {
    if ('untagged' in l) ctx.engine.events.image('untag', image?.id ?? l.untagged, { name: l.untagged });
    else ctx.engine.events.image('delete', l.deleted, { name: l.deleted });
  }
  return json(lines.map((l) => ('untagged' in l ? { Untagged: l.untagged } : { Deleted: l.deleted })));
}

export async function prune(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const all = /"dangling":\s*\{\s*"false"/.test(req.query['filters'] ?? '') || /"dangling":\s*\["false"\]/.test(req.query['filters'] ?? '');
  const r = await ctx.images.prune(all);
  return json({ ImagesDeleted: r.lines.map((l) => ('untagged' in l ? { Untagged: l.untagged } : { Deleted: l.deleted })), SpaceReclaimed: r.spaceReclaimed });
}

export async function commit(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const c = ctx.engine.resolve(req.query['container'] ?? '');
  const repo = req.query['repo'];
  const reference = repo ? `${repo}:${req.query['tag'] || 'latest'}` : undefined;
  const id = await ctx.images.commit(c.Id, c.Image, {
    reference, author: req.query['author'] || undefined, comment: req.query['comment'] || undefined,
    createdBy: [c.Path, ...c.Args].join(' '),
  });
  ctx.engine.containerEvent(c, 'commit', { comment: req.query['comment'] ?? '', imageID: id, imageRef: reference ?? '' });
  return json({ Id: id }, 201);
}

/** `docker save`: the images as one tar. Built before the status line, so a missing image is a 404, not a cut-off tar. */
export async function save(ctx: ApiContext, names: readonly string[]): Promise<ApiResult> {
  for (const n of names) if (!(await ctx.images.find(n))) throw noSuchImage(n);
  const tar = await ctx.images.save(names, 'docker');
  return { kind: 'stream', status: 200, contentType: 'application/x-tar', chunks: async function* () { yield tar; } };
}

/** `docker load`: a docker-save tar or an OCI layout tar in the body; progress lines as JSON messages. */
export async function load(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  if (!(req.body instanceof Uint8Array) || req.body.length === 0) {
    throw new DockbookError('E_INVALID_ARGUMENT', 'unexpected EOF: the request body is not an image archive');
  }
  const lines = await ctx.images.load(req.body);
  for (const l of lines.flatMap((x) => x.split('\n'))) {
    const ref = /^Loaded image(?: ID)?: (.+)$/.exec(l)?.[1];
    const image = ref ? await ctx.images.find(ref) : null;
    if (ref) ctx.engine.events.image('load', image?.id ?? ref, { name: ref });
  }
  return { kind: 'text', status: 200, contentType: 'application/json', body: lines.map((l) => JSON.stringify({ stream: `${l}\n` })).join('\r\n') };
}
