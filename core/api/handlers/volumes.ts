import { DockbookError } from '../../errors.js';
import type { Volume } from '../../engine/volumes.js';
import type { ApiContext } from '../api-context.js';
import { empty, json, truthy, type ApiRequest, type ApiResult } from '../http-types.js';

function view(v: Volume): Record<string, unknown> {
  return { Name: v.Name, Driver: v.Driver, Mountpoint: v.Mountpoint, CreatedAt: v.CreatedAt, Labels: v.Labels, Scope: v.Scope, Options: v.Options };
}

export async function list(ctx: ApiContext): Promise<ApiResult> {
  return json({ Volumes: (await ctx.engine.volumes.list()).map(view), Warnings: [] });
}

export async function create(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const body = (req.body ?? {}) as { Name?: string; Labels?: Record<string, string> };
  return json(view(await ctx.engine.volumes.create(body.Name || null, { labels: body.Labels ?? {} })), 201);
}

export async function inspectOne(ctx: ApiContext, name: string): Promise<ApiResult> {
  const v = await ctx.engine.volumes.get(name);
  if (!v) throw new DockbookError('E_NOT_FOUND', `get ${name}: no such volume`);
  return json(view(v));
}

export async function remove(ctx: ApiContext, name: string, req: ApiRequest): Promise<ApiResult> {
  await ctx.engine.volumes.remove(name, truthy(req.query['force']) ? [] : ctx.engine.volumeUsers(name));
  return empty();
}
