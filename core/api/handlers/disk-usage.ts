import type { ApiContext } from '../api-context.js';
import { json, truthy, type ApiRequest, type ApiResult } from '../http-types.js';
import { summary } from './container-views.js';
import type { ContainerRecordV1 } from '../../engine/model.js';
import { treeSize } from '../../storage/overlay-changes.js';

/** A container's writable layer (SizeRw) and that plus its image (SizeRootFs); 0 for one never started (no layer yet). */
async function containerSizes(ctx: ApiContext, c: ContainerRecordV1): Promise<{ rw: number; rootFs: number }> {
  try {
    const s = await ctx.images.size(c.Id, c.Image);
    return { rw: s.size, rootFs: s.virtualSize };
  } catch {
    return { rw: 0, rootFs: 0 };
  }
}

async function volumeSize(ctx: ApiContext, mountpoint: string): Promise<number> {
  return treeSize(ctx.kernel, mountpoint).catch(() => 0);
}

/**
 * GET /system/df: what `docker system df` tabulates. Images count their
 * containers and the bytes they share with other images; LayersSize counts
 * every layer once however many images use it.
 */
export async function systemDf(ctx: ApiContext): Promise<ApiResult> {
  const now = ctx.kernel.now();
  const containers = ctx.engine.list(true);
  const usage = await ctx.images.diskUsage();
  const byId = new Map(usage.images.map((u) => [u.id, u]));
  const images = (await ctx.images.list()).map((i) => ({
    Id: i.id, ParentId: '', RepoTags: i.repoTags, RepoDigests: [], Created: Math.floor(Date.parse(i.created) / 1000),
    Size: byId.get(i.id)?.size ?? i.size, SharedSize: byId.get(i.id)?.sharedSize ?? 0, VirtualSize: byId.get(i.id)?.size ?? i.size,
    Labels: i.config.Labels ?? {}, Containers: containers.filter((c) => c.Image === i.id).length,
  }));
  const containerRows = [];
  for (const c of containers) {
    const s = await containerSizes(ctx, c);
    containerRows.push({ ...summary(c, now), SizeRw: s.rw, SizeRootFs: s.rootFs, Mounts: (c.Mounts ?? []).map((m) => ({
      Type: m.Type, Name: m.Name ?? '', Source: m.Source, Destination: m.Destination, RW: m.RW, ...(m.Type === 'volume' ? { Driver: 'local' } : {}),
    })) });
  }
  const volumes = [];
  for (const v of await ctx.engine.volumes.list()) {
    volumes.push({
      Name: v.Name, Driver: v.Driver, Mountpoint: v.Mountpoint, CreatedAt: v.CreatedAt, Labels: v.Labels, Scope: v.Scope, Options: v.Options,
      UsageData: { Size: await volumeSize(ctx, v.Mountpoint), RefCount: ctx.engine.volumeUsers(v.Name).length },
    });
  }
  return json({ LayersSize: usage.layersSize, Images: images, Containers: containerRows, Volumes: volumes, BuildCache: [] });
}

/** POST /containers/prune: every stopped container, and the bytes their writable layers held. */
export async function pruneContainers(ctx: ApiContext): Promise<ApiResult> {
  let space = 0;
  for (const c of ctx.engine.list(true).filter((x) => !x.State.Running)) space += (await containerSizes(ctx, c)).rw;
  return json({ ContainersDeleted: await ctx.engine.prune(), SpaceReclaimed: space });
}

/** POST /volumes/prune: unused anonymous volumes (Docker 23+), every unused one with all=true; and their bytes. */
export async function pruneVolumes(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const all = /"all":\s*(\["true"\]|\{\s*"true")/.test(req.query['filters'] ?? '');
  const deleted: string[] = [];
  let space = 0;
  for (const v of await ctx.engine.volumes.list()) {
    if ((!all && !v.Anonymous) || ctx.engine.volumeUsers(v.Name).length) continue;
    const size = await volumeSize(ctx, v.Mountpoint);
    await ctx.engine.volumes.remove(v.Name, []);
    deleted.push(v.Name);
    space += size;
  }
  return json({ VolumesDeleted: deleted, SpaceReclaimed: space });
}

/** POST /build/prune: there is no builder, hence no build cache (the docker client asks during system prune). */
export function pruneBuildCache(req: ApiRequest): ApiResult {
  void truthy(req.query['all']);
  return json({ CachesDeleted: [], SpaceReclaimed: 0 });
}
