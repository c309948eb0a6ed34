import type { ApiContext } from './api-context.js';
import { errorResult } from './error-status.js';
import * as archive from './handlers/archive.js';
import * as containers from './handlers/containers.js';
import * as df from './handlers/disk-usage.js';
import { events } from './handlers/events.js';
import * as images from './handlers/images.js';
import * as imageImport from './handlers/image-import.js';
import * as networks from './handlers/networks.js';
import * as system from './handlers/system.js';
import * as statsHandler from './handlers/stats.js';
import * as volumes from './handlers/volumes.js';
import { empty, json, type ApiRequest, type ApiResult } from './http-types.js';

type Handler = (ctx: ApiContext, req: ApiRequest, params: string[]) => ApiResult | Promise<ApiResult>;

const ROUTES: [string, RegExp, Handler][] = [
  ['GET', /^\/_ping$/, () => system.ping()],
  ['HEAD', /^\/_ping$/, () => system.ping()],
  ['GET', /^\/version$/, (c) => system.version(c)],
  ['GET', /^\/info$/, (c) => system.info(c)],
  ['GET', /^\/events$/, (c, r) => events(c, r)],
  ['GET', /^\/containers\/json$/, (c, r) => containers.list(c, r)],
  ['POST', /^\/containers\/create$/, (c, r) => containers.create(c, r)],
  ['GET', /^\/containers\/([^/]+)\/json$/, (c, r, [id]) => containers.inspectOne(c, id!, r)],
  ['GET', /^\/containers\/([^/]+)\/changes$/, (c, _r, [id]) => containers.changes(c, id!)],
  ['HEAD', /^\/containers\/([^/]+)\/archive$/, (c, r, [id]) => archive.statPath(c, id!, r)],
  ['GET', /^\/containers\/([^/]+)\/archive$/, (c, r, [id]) => archive.getArchive(c, id!, r)],
  ['PUT', /^\/containers\/([^/]+)\/archive$/, (c, r, [id]) => archive.putArchive(c, id!, r)],
  ['GET', /^\/containers\/([^/]+)\/export$/, (c, _r, [id]) => archive.exportContainer(c, id!)],
  ['POST', /^\/containers\/([^/]+)\/exec$/, (c, r, [id]) => containers.execCreate(c, id!, r)],
  ['POST', /^\/exec\/([^/]+)\/start$/, (c, r, [id]) => containers.execStart(c, id!, r)],
  ['POST', /^\/exec\/([^/]+)\/resize$/, () => json({})],
  ['GET', /^\/exec\/([^/]+)\/json$/, (c, _r, [id]) => containers.execInspect(c, id!)],
  ['POST', /^\/commit$/, (c, r) => images.commit(c, r)],
  ['POST', /^\/images\/prune$/, (c, r) => images.prune(c, r)],
  ['GET', /^\/images\/get$/, (c, r) => images.save(c, (r.query['names'] ?? '').split(',').filter(Boolean))],
  ['POST', /^\/images\/load$/, (c, r) => images.load(c, r)],
  ['GET', /^\/images\/(.+)\/get$/, (c, _r, [name]) => images.save(c, [name!])],
  ['GET', /^\/images\/(.+)\/history$/, (c, _r, [name]) => images.history(c, name!)],
  ['POST', /^\/images\/(.+)\/tag$/, (c, r, [name]) => images.tag(c, name!, r)],
  ['DELETE', /^\/images\/(.+)$/, (c, r, [name]) => images.remove(c, name!, r)],
  ['POST', /^\/containers\/([^/]+)\/start$/, (c, _r, [id]) => containers.start(c, id!)],
  ['POST', /^\/containers\/([^/]+)\/wait$/, (c, r, [id]) => containers.wait(c, id!, r)],
  ['POST', /^\/containers\/([^/]+)\/stop$/, (c, r, [id]) => containers.stop(c, id!, r)],
  ['POST', /^\/containers\/([^/]+)\/kill$/, (c, r, [id]) => containers.kill(c, id!, r)],
  ['POST', /^\/containers\/([^/]+)\/restart$/, (c, r, [id]) => containers.restart(c, id!, r)],
  ['POST', /^\/containers\/prune$/, (c) => df.pruneContainers(c)],
  ['POST', /^\/containers\/([^/]+)\/pause$/, (c, _r, [id]) => containers.pause(c, id!)],
  ['POST', /^\/containers\/([^/]+)\/unpause$/, (c, _r, [id]) => containers.unpause(c, id!)],
  ['POST', /^\/containers\/([^/]+)\/rename$/, (c, r, [id]) => containers.rename(c, id!, r)],
  ['POST', /^\/containers\/([^/]+)\/attach$/, (c, r, [id]) => containers.attach(c, id!, r)],
  ['POST', /^\/containers\/([^/]+)\/resize$/, () => json({})],
  ['GET', /^\/containers\/([^/]+)\/logs$/, (c, r, [id]) => containers.logs(c, id!, r)],
  ['GET', /^\/containers\/([^/]+)\/stats$/, (c, r, [id]) => statsHandler.stats(c, id!, r)],
  ['GET', /^\/containers\/([^/]+)\/top$/, (c, _r, [id]) => containers.top(c, id!)],
  ['DELETE', /^\/containers\/([^/]+)$/, (c, r, [id]) => containers.remove(c, id!, r)],
  ['GET', /^\/volumes$/, (c) => volumes.list(c)],
  ['POST', /^\/volumes\/create$/, (c, r) => volumes.create(c, r)],
  ['POST', /^\/volumes\/prune$/, (c, r) => df.pruneVolumes(c, r)],
  ['GET', /^\/system\/df$/, (c) => df.systemDf(c)],
  ['POST', /^\/build\/prune$/, (_c, r) => df.pruneBuildCache(r)],
  ['GET', /^\/volumes\/([^/]+)$/, (c, _r, [name]) => volumes.inspectOne(c, name!)],
  ['DELETE', /^\/volumes\/([^/]+)$/, (c, r, [name]) => volumes.remove(c, name!, r)],
  ['GET', /^\/networks$/, (c, r) => networks.list(c, r)],
  ['POST', /^\/networks\/create$/, (c, r) => networks.create(c, r)],
  ['POST', /^\/networks\/prune$/, (c) => networks.prune(c)],
  ['POST', /^\/networks\/([^/]+)\/connect$/, (c, r, [id]) => networks.connect(c, id!, r)],
  ['POST', /^\/networks\/([^/]+)\/disconnect$/, (c, r, [id]) => networks.disconnect(c, id!, r)],
  ['GET', /^\/networks\/([^/]+)$/, (c, _r, [id]) => networks.inspectOne(c, id!)],
  ['DELETE', /^\/networks\/([^/]+)$/, (c, _r, [id]) => networks.remove(c, id!)],
  ['GET', /^\/images\/json$/, (c) => images.list(c)],
  ['POST', /^\/images\/create$/, (c, r) => (r.query['fromSrc'] !== undefined ? imageImport.importImage(c, r) : images.pull(r))],
  ['GET', /^\/images\/(.+)\/json$/, (c, _r, [name]) => images.inspectOne(c, decodeURIComponent(name!))],
];

/** Strips Docker's `/v1.xx` prefix: every supported version is served the same. */
export function unversioned(path: string): string {
  return path.replace(/^\/v\d+\.\d+(?=\/)/, '');
}

export async function route(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  let pathMatched = false;
  for (const [method, re, handler] of ROUTES) {
    const m = re.exec(req.path);
    if (!m) continue;
    pathMatched = true;
    if (method !== req.method) continue;
    try {
      return await handler(ctx, req, m.slice(1).map((s) => decodeURIComponent(s)));
    } catch (e) {
      return errorResult(e);
    }
  }
  if (pathMatched) return json({ message: `method ${req.method} not allowed for ${req.path}` }, 405);
  return req.method === 'HEAD' ? empty(404) : json({ message: `page not found` }, 404);
}
