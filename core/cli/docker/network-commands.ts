import { DockbookError } from '../../errors.js';
import type { CommandSpec } from '../args.js';
import { call, table, type DockerIo } from './docker-io.js';
import { renderTemplate } from './go-template.js';

type Run = (io: DockerIo, flags: Readonly<Record<string, unknown>>, args: readonly string[], now: number) => Promise<number>;

interface NetworkJson { Id: string; Name: string; Driver: string; Scope: string }

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** `-o k=v`, `--label k=v`: docker's key=value lists. */
function keyValues(values: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of values) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new DockbookError('E_INVALID_ARGUMENT', `invalid argument "${kv}" for "${flag}" flag: expected KEY=VALUE`);
    out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}

async function create(io: DockerIo, f: Readonly<Record<string, unknown>>, name: string): Promise<number> {
  const subnet = list(f['subnet']);
  const gateway = list(f['gateway']);
  if (gateway.length > subnet.length) throw new DockbookError('E_INVALID_ARGUMENT', 'every gateway needs a subnet', { hint: 'give --subnet with --gateway' });
  const body = {
    Name: name, CheckDuplicate: true, Driver: (f['driver'] as string | undefined) ?? 'bridge',
    IPAM: { Driver: 'default', Config: subnet.map((s, i) => ({ Subnet: s, ...(gateway[i] ? { Gateway: gateway[i] } : {}) })), Options: {} },
    Options: keyValues(list(f['opt']), '--opt'), Labels: keyValues(list(f['label']), '--label'),
  };
  const r = (await call(io, { method: 'POST', path: '/networks/create', body })).body as { Id: string };
  io.out(`${r.Id}\n`);
  return 0;
}

function filtersOf(values: readonly string[]): string | undefined {
  if (values.length === 0) return undefined;
  const out: Record<string, Record<string, boolean>> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new DockbookError('E_INVALID_ARGUMENT', `bad format of filter (expected name=value)`);
    (out[v.slice(0, eq)] ??= {})[v.slice(eq + 1)] = true;
  }
  return JSON.stringify(out);
}

async function ls(io: DockerIo, f: Readonly<Record<string, unknown>>): Promise<number> {
  const nets = (await call(io, { method: 'GET', path: '/networks', query: { filters: filtersOf(list(f['filter'])) } })).body as NetworkJson[];
  // docker sorts by name.
  nets.sort((a, b) => a.Name.localeCompare(b.Name));
  const noTrunc = f['no-trunc'] === true;
  const id = (n: NetworkJson) => (noTrunc ? n.Id : n.Id.slice(0, 12));
  const format = f['format'] as string | undefined;
  // The fields docker's `network ls --format` offers.
  if (format !== undefined && format !== 'table') io.out(nets.map((n) => `${renderTemplate(format, { ID: id(n), Name: n.Name, Driver: n.Driver, Scope: n.Scope })}\n`).join(''));
  else if (f['quiet'] === true) io.out(nets.length ? `${nets.map(id).join('\n')}\n` : '');
  else io.out(`${table(['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'], nets.map((n) => [id(n), n.Name, n.Driver, n.Scope]))}\n`);
  return 0;
}

async function inspect(io: DockerIo, refs: readonly string[], format?: string): Promise<number> {
  const out: unknown[] = [];
  let failed = 0;
  for (const r of refs) {
    try {
      out.push((await call(io, { method: 'GET', path: `/networks/${encodeURIComponent(r)}` })).body);
    } catch (e) {
      failed++;
      io.err(`${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  if (format !== undefined) io.out(out.map((o) => `${renderTemplate(format, o)}\n`).join(''));
  else io.out(`${JSON.stringify(out, null, 4)}\n`);
  return failed ? 1 : 0;
}

async function rm(io: DockerIo, refs: readonly string[]): Promise<number> {
  let failed = 0;
  for (const r of refs) {
    try {
      await call(io, { method: 'DELETE', path: `/networks/${encodeURIComponent(r)}` });
      io.out(`${r}\n`);
    } catch (e) {
      failed++;
      io.err(`${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  return failed ? 1 : 0;
}

async function prune(io: DockerIo): Promise<number> {
  const r = (await call(io, { method: 'POST', path: '/networks/prune' })).body as { NetworksDeleted: string[] | null };
  const gone = r.NetworksDeleted ?? [];
  if (gone.length) io.out(`Deleted Networks:\n${gone.join('\n')}\n\n`);
  return 0;
}

const quiet = { name: 'quiet', short: 'q', kind: 'bool', help: 'Only display network IDs' } as const;

export const NETWORK_COMMANDS: [CommandSpec, Run][] = [
  [{ name: 'network create', summary: 'Create a network', usage: '[OPTIONS] NETWORK', minArgs: 1, maxArgs: 1, flags: [
    { name: 'driver', short: 'd', kind: 'string', help: 'Driver to manage the Network (bridge, macvlan)' },
    { name: 'subnet', kind: 'list', help: 'Subnet in CIDR format that represents a network segment' },
    { name: 'gateway', kind: 'list', help: 'IPv4 Gateway for the master subnet' },
    { name: 'opt', short: 'o', kind: 'list', help: 'Set driver specific options (parent=IF for macvlan)' },
    { name: 'label', kind: 'list', help: 'Set metadata on a network' },
  ] }, (io, f, [name]) => create(io, f, name!)],
  [{ name: 'network ls', summary: 'List networks', usage: '[OPTIONS]', maxArgs: 0, flags: [
    quiet,
    { name: 'filter', short: 'f', kind: 'list', help: 'Provide filter values (e.g. "driver=bridge")' },
    { name: 'no-trunc', kind: 'bool', help: "Don't truncate the output" },
    { name: 'format', kind: 'string', help: 'Format output using a Go template ({{.ID}} {{.Name}} {{.Driver}} {{.Scope}})' },
  ] }, (io, f) => ls(io, f)],
  [{ name: 'network inspect', summary: 'Display detailed information on one or more networks', usage: '[OPTIONS] NETWORK [NETWORK...]', minArgs: 1, flags: [
    { name: 'format', short: 'f', kind: 'string', help: 'Format output using a Go template' },
  ] }, (io, f, refs) => inspect(io, refs, f['format'] as string | undefined)],
  [{ name: 'network rm', summary: 'Remove one or more networks', usage: 'NETWORK [NETWORK...]', minArgs: 1, flags: [] },
    (io, _f, refs) => rm(io, refs)],
  [{ name: 'network connect', summary: 'Connect a container to a network', usage: '[OPTIONS] NETWORK CONTAINER', minArgs: 2, maxArgs: 2, flags: [
    { name: 'alias', kind: 'list', help: 'Add network-scoped alias for the container' },
  ] }, async (io, f, [net, container]) => {
    const aliases = list(f['alias']);
    await call(io, { method: 'POST', path: `/networks/${encodeURIComponent(net!)}/connect`, body: { Container: container, EndpointConfig: { Aliases: aliases.length ? aliases : null } } });
    return 0;
  }],
  [{ name: 'network disconnect', summary: 'Disconnect a container from a network', usage: '[OPTIONS] NETWORK CONTAINER', minArgs: 2, maxArgs: 2, flags: [
    { name: 'force', short: 'f', kind: 'bool', help: 'Force the container to disconnect from a network' },
  ] }, async (io, f, [net, container]) => {
    await call(io, { method: 'POST', path: `/networks/${encodeURIComponent(net!)}/disconnect`, body: { Container: container, Force: f['force'] === true } });
    return 0;
  }],
  [{ name: 'network prune', summary: 'Remove all unused networks', usage: '[OPTIONS]', maxArgs: 0, flags: [
    { name: 'force', short: 'f', kind: 'bool', help: 'Do not prompt for confirmation' },
  ] }, (io) => prune(io)],
];

/** docker's other spellings of the same commands. */
export const NETWORK_ALIASES: Record<string, string> = {
  'network create': 'network create', 'network ls': 'network ls', 'network list': 'network ls', 'network inspect': 'network inspect',
  'network rm': 'network rm', 'network remove': 'network rm', 'network connect': 'network connect', 'network disconnect': 'network disconnect',
  'network prune': 'network prune',
};
