import { DockbookError } from '../../errors.js';
import type { CommandSpec, FlagValue } from '../args.js';
import { parseBytes, parseCpus, parseRestart } from './units.js';
import { parsePortSpec } from '../../network/port-spec.js';

/** `-p` flags as HostConfig.PortBindings, the shape the docker client sends. */
function portBindings(specs: readonly string[]): Record<string, { HostIp: string; HostPort: string }[]> {
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const spec of specs) {
    for (const m of parsePortSpec(spec)) {
      const key = `${m.containerPort}/${m.proto}`;
      const hostPort = m.hostPort === null ? '' : m.hostPortEnd && m.hostPortEnd !== m.hostPort ? `${m.hostPort}-${m.hostPortEnd}` : String(m.hostPort);
      (out[key] ??= []).push({ HostIp: m.hostIp, HostPort: hostPort });
    }
  }
  return out;
}

/** `docker run` / `docker create` flags: the subset the books use. */
export const RUN_FLAGS: CommandSpec['flags'] = [
  { name: 'detach', short: 'd', kind: 'bool', help: 'Run container in background and print container ID' },
  { name: 'interactive', short: 'i', kind: 'bool', help: 'Keep STDIN open even if not attached' },
  { name: 'tty', short: 't', kind: 'bool', help: 'Allocate a pseudo-TTY' },
  { name: 'rm', kind: 'bool', help: 'Automatically remove the container when it exits' },
  { name: 'name', kind: 'string', help: 'Assign a name to the container' },
  { name: 'env', short: 'e', kind: 'list', help: 'Set environment variables' },
  { name: 'publish', short: 'p', kind: 'list', help: "Publish a container's port(s) to the host" },
  { name: 'publish-all', short: 'P', kind: 'bool', help: 'Publish all exposed ports to random ports' },
  { name: 'expose', kind: 'list', help: 'Expose a port or a range of ports' },
  { name: 'volume', short: 'v', kind: 'list', help: 'Bind mount a volume' },
  { name: 'mount', kind: 'list', help: 'Attach a filesystem mount to the container (type=bind|volume|tmpfs,source=,target=,readonly)' },
  { name: 'volumes-from', kind: 'list', help: 'Mount volumes from the specified container(s)' },
  { name: 'network', kind: 'string', help: 'Connect a container to a network' },
  { name: 'net', kind: 'string', help: 'Connect a container to a network (old name of --network)' },
  { name: 'network-alias', kind: 'list', help: 'Add network-scoped alias for the container' },
  { name: 'link', kind: 'list', help: 'Add link to another container (legacy: prefer a user-defined network)' },
  { name: 'net-alias', kind: 'list', help: 'Add network-scoped alias for the container (old name)' },
  { name: 'hostname', short: 'h', kind: 'string', help: 'Container host name' },
  { name: 'workdir', short: 'w', kind: 'string', help: 'Working directory inside the container' },
  { name: 'user', short: 'u', kind: 'string', help: 'Username or UID (format: <uid>[:<gid>])' },
  { name: 'entrypoint', kind: 'string', help: 'Overwrite the default ENTRYPOINT of the image' },
  { name: 'memory', short: 'm', kind: 'string', help: 'Memory limit' },
  { name: 'memory-swap', kind: 'string', help: "Swap limit equal to memory plus swap: '-1' to enable unlimited swap" },
  { name: 'memory-reservation', kind: 'string', help: 'Memory soft limit' },
  { name: 'cpus', kind: 'string', help: 'Number of CPUs' },
  { name: 'cpu-shares', short: 'c', kind: 'string', help: 'CPU shares (relative weight)' },
  { name: 'cpu-period', kind: 'string', help: 'Limit CPU CFS (Completely Fair Scheduler) period' },
  { name: 'cpu-quota', kind: 'string', help: 'Limit CPU CFS (Completely Fair Scheduler) quota' },
  { name: 'cpuset-cpus', kind: 'string', help: 'CPUs in which to allow execution (0-3, 0,1)' },
  { name: 'pids-limit', kind: 'string', help: 'Tune container pids limit (set -1 for unlimited)' },
  { name: 'blkio-weight', kind: 'string', help: 'Block IO (relative weight), between 10 and 1000' },
  { name: 'restart', kind: 'string', help: 'Restart policy to apply when a container exits' },
  { name: 'read-only', kind: 'bool', help: "Mount the container's root filesystem as read only" },
  { name: 'label', short: 'l', kind: 'list', help: 'Set meta data on a container' },
  { name: 'log-driver', kind: 'string', help: 'Logging driver for the container (json-file, syslog, fluentd, none)' },
  { name: 'log-opt', kind: 'list', help: 'Log driver options (max-size=10m, syslog-address=udp://127.0.0.1:514, …)' },
];

const str = (v: FlagValue | undefined) => (typeof v === 'string' ? v : undefined);
const list = (v: FlagValue | undefined) => (Array.isArray(v) ? v : []);

function intFlag(v: FlagValue | undefined, flag: string): number {
  const s = str(v);
  if (s === undefined) return 0;
  const n = Number(s);
  if (!Number.isInteger(n)) throw new DockbookError('E_INVALID_ARGUMENT', `invalid argument "${s}" for "${flag}" flag: strconv.ParseInt: parsing "${s}": invalid syntax`);
  return n;
}

/** The POST /containers/create body for `docker run FLAGS IMAGE [CMD…]`. */
export function createBody(flags: Readonly<Record<string, FlagValue>>, image: string, cmd: readonly string[]): Record<string, unknown> {
  const memory = str(flags['memory']);
  const swap = str(flags['memory-swap']);
  const attach = !flags['detach'];
  const entrypoint = str(flags['entrypoint']);
  const aliases = [...list(flags['network-alias']), ...list(flags['net-alias'])];
  const network = str(flags['network']) ?? str(flags['net']) ?? 'default';
  return {
    Image: image,
    Cmd: cmd.length ? cmd : null,
    ...(entrypoint !== undefined ? { Entrypoint: entrypoint === '' ? [] : [entrypoint] } : {}),
    Env: list(flags['env']),
    Hostname: str(flags['hostname']) ?? '',
    WorkingDir: str(flags['workdir']) ?? '',
    User: str(flags['user']) ?? '',
    Tty: flags['tty'] === true,
    OpenStdin: flags['interactive'] === true,
    StdinOnce: flags['interactive'] === true,
    AttachStdin: flags['interactive'] === true,
    AttachStdout: attach,
    AttachStderr: attach,
    ExposedPorts: Object.fromEntries([...list(flags['publish']).flatMap((p) => parsePortSpec(p).map((m) => `${m.containerPort}/${m.proto}`)), ...list(flags['expose']).map((e) => (e.includes('/') ? e : `${e}/tcp`))].map((k) => [k, {}])),
    Labels: Object.fromEntries(list(flags['label']).map((l) => [l.split('=')[0]!, l.slice(l.indexOf('=') + 1)])),
    HostConfig: {
      AutoRemove: flags['rm'] === true,
      NetworkMode: network,
      ...(list(flags['link']).length ? { Links: list(flags['link']) } : {}),
      Binds: list(flags['volume']),
      Mounts: list(flags['mount']).map(parseMountFlag),
      VolumesFrom: list(flags['volumes-from']),
      PortBindings: portBindings(list(flags['publish'])),
      PublishAllPorts: flags['publish-all'] === true,
      Memory: memory ? parseBytes(memory, '--memory') : 0,
      MemorySwap: swap ? (swap === '-1' ? -1 : parseBytes(swap, '--memory-swap')) : 0,
      MemoryReservation: str(flags['memory-reservation']) ? parseBytes(str(flags['memory-reservation'])!, '--memory-reservation') : 0,
      NanoCpus: str(flags['cpus']) ? parseCpus(str(flags['cpus'])!) : 0,
      CpuShares: intFlag(flags['cpu-shares'], '--cpu-shares'),
      CpuPeriod: intFlag(flags['cpu-period'], '--cpu-period'),
      CpuQuota: intFlag(flags['cpu-quota'], '--cpu-quota'),
      CpusetCpus: str(flags['cpuset-cpus']) ?? '',
      PidsLimit: str(flags['pids-limit']) ? intFlag(flags['pids-limit'], '--pids-limit') : null,
      BlkioWeight: intFlag(flags['blkio-weight'], '--blkio-weight'),
      RestartPolicy: str(flags['restart']) ? parseRestart(str(flags['restart'])!) : { Name: 'no', MaximumRetryCount: 0 },
      ReadonlyRootfs: flags['read-only'] === true,
      LogConfig: { Type: str(flags['log-driver']) ?? '', Config: logOpts(list(flags['log-opt'])) },
    },
    ...(aliases.length ? { NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: aliases } } } } : {}),
  };
}

/** `--log-opt key=value`, as the docker client checks them. */
function logOpts(opts: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of opts) {
    const eq = o.indexOf('=');
    if (eq <= 0) throw new DockbookError('E_INVALID_ARGUMENT', `invalid argument "${o}" for "--log-opt" flag: invalid key value pair format`, { hint: 'write --log-opt key=value' });
    out[o.slice(0, eq)] = o.slice(eq + 1);
  }
  return out;
}

/** `--mount type=volume,source=data,target=/data,readonly` as the docker client turns it into HostConfig.Mounts. */
export function parseMountFlag(text: string): { Type: string; Source?: string; Target: string; ReadOnly: boolean } {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    fields.set((eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase(), eq === -1 ? 'true' : part.slice(eq + 1));
  }
  const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst');
  if (!target) throw new DockbookError('E_INVALID_ARGUMENT', `invalid argument "${text}" for "--mount" flag: target is required`);
  const type = fields.get('type') ?? 'volume';
  if (type !== 'bind' && type !== 'volume' && type !== 'tmpfs') throw new DockbookError('E_INVALID_ARGUMENT', `invalid argument "${text}" for "--mount" flag: unknown mount type "${type}"`);
  const ro = fields.get('readonly') ?? fields.get('ro');
  const source = fields.get('source') ?? fields.get('src');
  return { Type: type, ...(source ? { Source: source } : {}), Target: target, ReadOnly: ro === 'true' || ro === '1' };
}
