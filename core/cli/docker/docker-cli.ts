import { DockbookError } from '../../errors.js';
import { formatHelp, parseArgs, type CommandSpec } from '../args.js';
import { call, type DockerIo } from './docker-io.js';
import * as c from './container-commands.js';
import { RUN_FLAGS } from './run-request.js';
import * as sys from './system-commands.js';
import * as img from './image-commands.js';
import * as vol from './volume-commands.js';
import { NETWORK_ALIASES, NETWORK_COMMANDS } from './network-commands.js';
import { stats } from './stats-command.js';
import { goHumanSize } from './go-format.js';
import { STORAGE_ALIASES, STORAGE_COMMANDS } from './storage-commands.js';
import { events } from './events-command.js';

export type Run = (io: DockerIo, flags: Readonly<Record<string, unknown>>, args: readonly string[], now: number) => Promise<number>;

const force = { name: 'force', short: 'f', kind: 'bool', help: 'Force the removal of a running container (uses SIGKILL)' } as const;
const time = { name: 'time', short: 't', kind: 'string', help: 'Seconds to wait before killing the container' } as const;

const COMMANDS: [CommandSpec, Run][] = [
  [{ name: 'run', summary: 'Create and run a new container from an image', usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]', flags: RUN_FLAGS, minArgs: 1, stopAtPositional: true },
    (io, f, a) => c.run(io, f as never, a)],
  [{ name: 'create', summary: 'Create a new container', usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]', flags: RUN_FLAGS, minArgs: 1, stopAtPositional: true },
    async (io, f, [image, ...cmd]) => { io.out(`${await c.createOrExit125(io, f as never, image!, cmd)}\n`); return 0; }],
  [{ name: 'start', summary: 'Start one or more stopped containers', usage: 'CONTAINER [CONTAINER...]', flags: [], minArgs: 1 },
    (io, _f, ids) => c.eachContainer(io, ids, (id) => c.start(io, id))],
  [{ name: 'stop', summary: 'Stop one or more running containers', usage: '[OPTIONS] CONTAINER [CONTAINER...]', flags: [time], minArgs: 1 },
    (io, f, ids) => c.eachContainer(io, ids, (id) => call(io, { method: 'POST', path: `/containers/${id}/stop`, query: { t: f['time'] as string | undefined } }))],
  [{ name: 'restart', summary: 'Restart one or more containers', usage: '[OPTIONS] CONTAINER [CONTAINER...]', flags: [time], minArgs: 1 },
    (io, f, ids) => c.eachContainer(io, ids, (id) => call(io, { method: 'POST', path: `/containers/${id}/restart`, query: { t: f['time'] as string | undefined } }))],
  [{ name: 'kill', summary: 'Kill one or more running containers', usage: '[OPTIONS] CONTAINER [CONTAINER...]', flags: [{ name: 'signal', short: 's', kind: 'string', help: 'Signal to send to the container' }], minArgs: 1 },
    (io, f, ids) => c.eachContainer(io, ids, (id) => call(io, { method: 'POST', path: `/containers/${id}/kill`, query: { signal: f['signal'] as string | undefined } }))],
  [{ name: 'rm', summary: 'Remove one or more containers', usage: '[OPTIONS] CONTAINER [CONTAINER...]', flags: [force, { name: 'volumes', short: 'v', kind: 'bool', help: 'Remove anonymous volumes associated with the container' }], minArgs: 1 },
    (io, f, ids) => c.eachContainer(io, ids, (id) => call(io, { method: 'DELETE', path: `/containers/${id}`, query: { force: f['force'] === true, v: f['volumes'] === true } }))],
  [{ name: 'wait', summary: 'Block until one or more containers stop, then print their exit codes', usage: 'CONTAINER [CONTAINER...]', flags: [], minArgs: 1 },
    async (io, _f, ids) => {
      for (const id of ids) io.out(`${((await call(io, { method: 'POST', path: `/containers/${id}/wait` })).body as { StatusCode: number }).StatusCode}\n`);
      return 0;
    }],
  [{ name: 'ps', summary: 'List containers', usage: '[OPTIONS]', maxArgs: 0, flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Show all containers (default shows just running)' },
    { name: 'quiet', short: 'q', kind: 'bool', help: 'Only display container IDs' },
    { name: 'filter', short: 'f', kind: 'list', help: 'Filter output based on conditions provided' },
    { name: 'no-trunc', kind: 'bool', help: "Don't truncate output" },
  ] }, (io, f, _a, now) => c.ps(io, f as never, now)],
  [{ name: 'logs', summary: 'Fetch the logs of a container', usage: '[OPTIONS] CONTAINER', minArgs: 1, maxArgs: 1, flags: [
    { name: 'follow', short: 'f', kind: 'bool', help: 'Follow log output' },
    { name: 'tail', short: 'n', kind: 'string', help: 'Number of lines to show from the end of the logs' },
    { name: 'timestamps', short: 't', kind: 'bool', help: 'Show timestamps' },
    { name: 'since', kind: 'string', help: 'Show logs since timestamp (2026-11-23T15:04:05Z) or relative (42m)' },
    { name: 'until', kind: 'string', help: 'Show logs before a timestamp (2026-11-23T15:04:05Z) or relative (42m)' },
  ] }, (io, f, [id], now) => c.logs(io, f as never, id!, now)],
  [{ name: 'inspect', summary: 'Return low-level information on Docker objects', usage: '[OPTIONS] NAME|ID [NAME|ID...]', minArgs: 1, flags: [
    { name: 'format', short: 'f', kind: 'string', help: 'Format output using a Go template ({{.Field.Path}}, {{json .Field}})' },
    { name: 'size', short: 's', kind: 'bool', help: 'Display total file sizes if the type is container' },
  ] }, (io, f, ids) => c.inspect(io, ids, f['format'] as string | undefined, f['size'] === true)],
  [{ name: 'images', summary: 'List images', usage: '[OPTIONS]', maxArgs: 0, flags: [{ name: 'quiet', short: 'q', kind: 'bool', help: 'Only show image IDs' }] },
    (io, f, _a, now) => sys.images(io, f['quiet'] === true, now)],
  [{ name: 'exec', summary: 'Execute a command in a running container', usage: '[OPTIONS] CONTAINER COMMAND [ARG...]', minArgs: 2, stopAtPositional: true, flags: [
    { name: 'detach', short: 'd', kind: 'bool', help: 'Detached mode: run command in the background' },
    { name: 'env', short: 'e', kind: 'list', help: 'Set environment variables' },
    { name: 'workdir', short: 'w', kind: 'string', help: 'Working directory inside the container' },
    { name: 'user', short: 'u', kind: 'string', help: 'Username or UID (format: <uid>[:<gid>])' },
    { name: 'interactive', short: 'i', kind: 'bool', help: 'Keep STDIN open even if not attached' },
    { name: 'tty', short: 't', kind: 'bool', help: 'Allocate a pseudo-TTY (use the docker client for terminals)' },
  ] }, (io, f, a) => c.exec(io, f as never, a)],
  [{ name: 'pause', summary: 'Pause all processes within one or more containers', usage: 'CONTAINER [CONTAINER...]', flags: [], minArgs: 1 },
    (io, _f, ids) => c.eachContainer(io, ids, (id) => call(io, { method: 'POST', path: `/containers/${id}/pause` }))],
  [{ name: 'unpause', summary: 'Unpause all processes within one or more containers', usage: 'CONTAINER [CONTAINER...]', flags: [], minArgs: 1 },
    (io, _f, ids) => c.eachContainer(io, ids, (id) => call(io, { method: 'POST', path: `/containers/${id}/unpause` }))],
  [{ name: 'rename', summary: 'Rename a container', usage: 'CONTAINER NEW_NAME', flags: [], minArgs: 2, maxArgs: 2 },
    async (io, _f, [id, name]) => { await call(io, { method: 'POST', path: `/containers/${id}/rename`, query: { name } }); return 0; }],
  [{ name: 'container prune', summary: 'Remove all stopped containers', usage: '[OPTIONS]', maxArgs: 0, flags: [{ name: 'force', short: 'f', kind: 'bool', help: 'Do not prompt for confirmation' }] },
    async (io) => {
      const r = (await call(io, { method: 'POST', path: '/containers/prune' })).body as { ContainersDeleted: string[]; SpaceReclaimed: number };
      if (r.ContainersDeleted.length) io.out(`Deleted Containers:\n${r.ContainersDeleted.join('\n')}\n\n`);
      io.out(`Total reclaimed space: ${goHumanSize(r.SpaceReclaimed)}\n`);
      return 0;
    }],
  [{ name: 'port', summary: 'List port mappings or a specific mapping for the container', usage: 'CONTAINER [PRIVATE_PORT[/PROTO]]', flags: [], minArgs: 1, maxArgs: 2 },
    async (io, _f, [id, which]) => {
      const ports = ((await call(io, { method: 'GET', path: `/containers/${id}/json` })).body as { NetworkSettings: { Ports: Record<string, { HostIp: string; HostPort: string }[]> } }).NetworkSettings.Ports;
      const wanted = which ? (which.includes('/') ? which : `${which}/tcp`) : null;
      for (const [key, binds] of Object.entries(ports ?? {})) {
        if (wanted && key !== wanted) continue;
        for (const b of binds ?? []) io.out(wanted ? `${b.HostIp}:${b.HostPort}\n` : `${key} -> ${b.HostIp}:${b.HostPort}\n`);
      }
      return 0;
    }],
  [{ name: 'stats', summary: 'Display a snapshot of container resource usage statistics', usage: '[OPTIONS] [CONTAINER...]', flags: [
    { name: 'no-stream', kind: 'bool', help: 'Disable streaming stats and only pull the first result (the only mode here)' },
  ] }, (io, _f, ids) => stats(io, ids)],
  [{ name: 'diff', summary: "Inspect changes to files or directories on a container's filesystem", usage: 'CONTAINER', flags: [], minArgs: 1, maxArgs: 1 },
    (io, _f, [id]) => img.diff(io, id!)],
  [{ name: 'commit', summary: "Create a new image from a container's changes", usage: '[OPTIONS] CONTAINER [REPOSITORY[:TAG]]', minArgs: 1, maxArgs: 2, flags: [
    { name: 'author', short: 'a', kind: 'string', help: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' },
    { name: 'message', short: 'm', kind: 'string', help: 'Commit message' },
  ] }, (io, f, [id, ref]) => img.commit(io, id!, ref, { author: f['author'] as string | undefined, message: f['message'] as string | undefined })],
  [{ name: 'history', summary: 'Show the history of an image', usage: '[OPTIONS] IMAGE', minArgs: 1, maxArgs: 1, flags: [{ name: 'no-trunc', kind: 'bool', help: "Don't truncate output" }] },
    (io, f, [name], now) => img.history(io, name!, f['no-trunc'] === true, now)],
  [{ name: 'tag', summary: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE', usage: 'SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]', flags: [], minArgs: 2, maxArgs: 2 },
    (io, _f, [src, dst]) => img.tag(io, src!, dst!)],
  [{ name: 'rmi', summary: 'Remove one or more images', usage: '[OPTIONS] IMAGE [IMAGE...]', minArgs: 1, flags: [{ name: 'force', short: 'f', kind: 'bool', help: 'Force removal of the image' }] },
    (io, f, names) => img.rmi(io, names, f['force'] === true)],
  [{ name: 'image prune', summary: 'Remove unused images', usage: '[OPTIONS]', maxArgs: 0, flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Remove all unused images, not just dangling ones' },
    { name: 'force', short: 'f', kind: 'bool', help: 'Do not prompt for confirmation' },
  ] }, (io, f) => img.prune(io, f['all'] === true)],
  [{ name: 'volume create', summary: 'Create a volume', usage: '[OPTIONS] [VOLUME]', maxArgs: 1, flags: [] },
    (io, _f, [name]) => vol.create(io, name)],
  [{ name: 'volume ls', summary: 'List volumes', usage: '[OPTIONS]', maxArgs: 0, flags: [{ name: 'quiet', short: 'q', kind: 'bool', help: 'Only display volume names' }] },
    (io, f) => vol.ls(io, f['quiet'] === true)],
  [{ name: 'volume inspect', summary: 'Display detailed information on one or more volumes', usage: 'VOLUME [VOLUME...]', minArgs: 1, flags: [] },
    (io, _f, names) => vol.inspect(io, names)],
  [{ name: 'volume rm', summary: 'Remove one or more volumes', usage: '[OPTIONS] VOLUME [VOLUME...]', minArgs: 1, flags: [{ name: 'force', short: 'f', kind: 'bool', help: 'Force the removal of one or more volumes' }] },
    (io, f, names) => vol.rm(io, names, f['force'] === true)],
  [{ name: 'volume prune', summary: 'Remove unused local volumes', usage: '[OPTIONS]', maxArgs: 0, flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Remove all unused volumes, not just anonymous ones' },
    { name: 'force', short: 'f', kind: 'bool', help: 'Do not prompt for confirmation' },
  ] }, (io, f) => vol.prune(io, f['all'] === true)],
  [{ name: 'events', summary: 'Get real time events from the server', usage: '[OPTIONS]', maxArgs: 0, flags: [
    { name: 'filter', short: 'f', kind: 'list', help: 'Filter output based on conditions provided (type=, container=, event=, image=, label=, volume=, network=)' },
    { name: 'format', kind: 'string', help: "Format output using a Go template ({{.Action}}, {{json .}}), or 'json'" },
    { name: 'since', kind: 'string', help: 'Show all events created since timestamp' },
    { name: 'until', kind: 'string', help: 'Stream events until this timestamp' },
  ] }, (io, f, _a, now) => events(io, f as never, now)],
  [{ name: 'version', summary: 'Show the dockbook version information', usage: '', maxArgs: 0, flags: [] },
    (io) => sys.version(io, 'dockbook')],
  ...STORAGE_COMMANDS,
  ...NETWORK_COMMANDS,
];

/** docker's two-word forms: `container run` is `run`, `image ls` is `images`. */
const ALIASES: Record<string, string> = {
  'container run': 'run', 'container create': 'create', 'container start': 'start', 'container stop': 'stop',
  'container restart': 'restart', 'container kill': 'kill', 'container rm': 'rm', 'container ls': 'ps', 'container list': 'ps',
  'container ps': 'ps', 'container exec': 'exec', 'container pause': 'pause', 'container unpause': 'unpause',
  'container rename': 'rename', 'container stats': 'stats', 'container port': 'port', 'container prune': 'container prune', 'container logs': 'logs', 'container inspect': 'inspect', 'container wait': 'wait',
  'image ls': 'images', 'image list': 'images', 'image rm': 'rmi', 'image history': 'history', 'image tag': 'tag',
  'image inspect': 'inspect', 'volume create': 'volume create', 'volume ls': 'volume ls', 'volume list': 'volume ls',
  'volume inspect': 'volume inspect', 'volume rm': 'volume rm', 'volume remove': 'volume rm', 'volume prune': 'volume prune', 'container diff': 'diff', 'system events': 'events', 'container commit': 'commit', 'image prune': 'image prune',
  ...STORAGE_ALIASES,
  ...NETWORK_ALIASES,
};

export const DOCKER_COMMANDS: readonly CommandSpec[] = COMMANDS.map(([s]) => s);

export function isDockerCommand(argv: readonly string[]): boolean {
  return resolveName(argv) !== null;
}

function resolveName(argv: readonly string[]): { name: string; rest: readonly string[] } | null {
  const two = ALIASES[`${argv[0]} ${argv[1]}`];
  if (two) return { name: two, rest: argv.slice(2) };
  if (COMMANDS.some(([s]) => s.name === argv[0])) return { name: argv[0]!, rest: argv.slice(1) };
  return null;
}

/** Runs a docker command line (without the leading `docker`) against an engine; returns the exit code. */
export async function runDockerCommand(io: DockerIo, argv: readonly string[], now: number): Promise<number> {
  const resolved = resolveName(argv);
  if (!resolved) throw new DockbookError('E_USAGE', `'${argv[0] ?? ''}' is not a ${io.program} command`, { hint: `see '${io.program} --help'` });
  const [spec, runIt] = COMMANDS.find(([s]) => s.name === resolved.name)!;
  const parsed = parseArgs(spec, resolved.rest);
  if (parsed.help) { io.out(`${formatHelp(spec, io.program)}\n`); return 0; }
  return runIt(io, parsed.flags, parsed.positionals, now);
}
