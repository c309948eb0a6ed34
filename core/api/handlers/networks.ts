import { DockbookError } from '../../errors.js';
import type { NetworkView } from '../../engine/network-service.js';
import type { ApiContext } from '../api-context.js';
import { empty, json, type ApiRequest, type ApiResult } from '../http-types.js';

/** Docker's driver names for the predefined networks that have no record behind them. */
function driverOf(v: NetworkView): string {
  return v.record.driver as string;
}

/** A network as GET /networks/{id} shows it (API 1.45); the list leaves Containers empty, as Docker does. */
function view(ctx: ApiContext, v: NetworkView, withContainers: boolean): Record<string, unknown> {
  const r = v.record;
  const containers: Record<string, unknown> = {};
  if (withContainers) {
    for (const ep of v.endpoints) {
      let name = ep.container.slice(0, 12);
      try { name = ctx.engine.resolve(ep.container).Name.slice(1); } catch { /* removed meanwhile */ }
      containers[ep.container] = { Name: name, EndpointID: ep.hostIfname ?? ep.ifname, MacAddress: ep.mac, IPv4Address: ep.cidr, IPv6Address: '' };
    }
  }
  const hasIpam = r.subnet !== '';
  return {
    Name: r.name, Id: r.id, Created: r.created ?? '0001-01-01T00:00:00Z', Scope: 'local', Driver: driverOf(v), EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: hasIpam ? [{ Subnet: r.subnet, ...(r.gateway ? { Gateway: r.gateway } : {}) }] : [] },
    Internal: false, Attachable: false, Ingress: false, ConfigFrom: { Network: '' }, ConfigOnly: false,
    Containers: containers,
    Options: r.name === 'bridge' && v.predefined ? { 'com.docker.network.bridge.default_bridge': 'true', 'com.docker.network.bridge.name': r.bridge ?? '' } : r.options,
    Labels: r.labels ?? {},
  };
}

/** `filters={"name":{"x":true}}` (old clients) or `{"name":["x"]}`: both become name → values. */
export function parseFilters(text: string | undefined): Record<string, string[]> {
  if (!text) return {};
  let raw: unknown;
  try { raw = JSON.parse(text); } catch { throw new DockbookError('E_INVALID_ARGUMENT', `invalid filter: ${text}`); }
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    out[k] = Array.isArray(v) ? v.map(String) : Object.keys((v ?? {}) as object);
  }
  return out;
}

function matches(v: NetworkView, filters: Record<string, string[]>): boolean {
  const r = v.record;
  for (const [key, values] of Object.entries(filters)) {
    if (values.length === 0) continue;
    const ok = values.some((want) => {
      switch (key) {
        // Docker's name filter matches a part of the name, the id filter a prefix.
        case 'name': return r.name.includes(want);
        case 'id': return r.id.startsWith(want);
        case 'driver': return driverOf(v) === want;
        case 'type': return want === 'builtin' ? v.predefined : want === 'custom' ? !v.predefined : false;
        case 'label': {
          const [lk, lv] = want.split('=');
          return lk! in (r.labels ?? {}) && (lv === undefined || r.labels?.[lk!] === lv);
        }
        case 'dangling': return (want === 'true' || want === '1') === (!v.predefined && v.endpoints.length === 0);
        case 'scope': return want === 'local';
        default: throw new DockbookError('E_INVALID_ARGUMENT', `invalid filter '${key}'`);
      }
    });
    if (!ok) return false;
  }
  return true;
}

export async function list(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const filters = parseFilters(req.query['filters']);
  return json((await ctx.engine.networks.list()).filter((v) => matches(v, filters)).map((v) => view(ctx, v, false)));
}

export async function inspectOne(ctx: ApiContext, ref: string): Promise<ApiResult> {
  return json(view(ctx, await ctx.engine.networks.get(ref), true));
}

interface CreateBody {
  Name?: string;
  Driver?: string;
  IPAM?: { Driver?: string; Config?: { Subnet?: string; Gateway?: string; IPRange?: string }[] | null } | null;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

export async function create(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const body = (req.body ?? {}) as CreateBody;
  if (!body.Name) throw new DockbookError('E_INVALID_ARGUMENT', 'network name is required', { hint: 'POST /networks/create with {"Name": …}' });
  const configs = body.IPAM?.Config ?? [];
  if (configs.length > 1) throw new DockbookError('E_INVALID_ARGUMENT', 'only one IPv4 subnet per network is supported', { hint: 'give one --subnet' });
  const c = configs[0];
  if (c?.Gateway && !c.Subnet) throw new DockbookError('E_INVALID_ARGUMENT', 'a gateway needs a subnet', { hint: 'give --subnet with --gateway' });
  const rec = await ctx.engine.networks.create({
    name: body.Name, driver: body.Driver || 'bridge',
    ...(c?.Subnet ? { subnet: c.Subnet } : {}), ...(c?.Gateway ? { gateway: c.Gateway } : {}),
    options: body.Options ?? {}, labels: body.Labels ?? {},
  });
  return json({ Id: rec.id, Warning: '' }, 201);
}

export async function remove(ctx: ApiContext, ref: string): Promise<ApiResult> {
  await ctx.engine.networks.remove(ref);
  return empty();
}

export async function connect(ctx: ApiContext, ref: string, req: ApiRequest): Promise<ApiResult> {
  const body = (req.body ?? {}) as { Container?: string; EndpointConfig?: { Aliases?: string[] | null } | null };
  if (!body.Container) throw new DockbookError('E_INVALID_ARGUMENT', 'a container is required', { hint: '{"Container": "NAME"}' });
  await ctx.engine.networkConnect(body.Container, ref, body.EndpointConfig?.Aliases ?? []);
  return json(null, 200);
}

export async function disconnect(ctx: ApiContext, ref: string, req: ApiRequest): Promise<ApiResult> {
  const body = (req.body ?? {}) as { Container?: string };
  if (!body.Container) throw new DockbookError('E_INVALID_ARGUMENT', 'a container is required', { hint: '{"Container": "NAME"}' });
  await ctx.engine.networkDisconnect(body.Container, ref);
  return json(null, 200);
}

export async function prune(ctx: ApiContext): Promise<ApiResult> {
  return json({ NetworksDeleted: await ctx.engine.networks.prune() });
}
