import { DockbookError } from '../../errors.js';
import type { Kernel } from '../../kernel/kernel.js';
import { listIds, loadRecord } from '../../runtime/container-record.js';
import { containerStatus } from '../../runtime/container-status.js';
import { createContainer } from '../../runtime/container-create.js';
import { execInContainer } from '../../runtime/container-exec.js';
import { containerPids, containerState, deleteContainer, killContainer, startContainer, stateOf } from '../../runtime/container-ops.js';
import { defaultSpec } from '../../runtime/oci/default-spec.js';
import { exitCodeOf } from '../../runtime/oci/signals.js';
import { runtimeFeatures } from '../../runtime/features.js';
import type { Process } from '../../runtime/oci/spec-types.js';
import { parseSpecText } from '../../runtime/oci/validate.js';
import { cleanPath } from '../../runtime/oci/lexical-path.js';
import { formatHelp, parseArgs, type CommandSpec } from '../args.js';
import { RUNTIME_SPECS } from './runtime-specs.js';

export interface RuntimeIo {
  readonly kernel: Kernel;
  readonly root: string;
  readonly cwd: string;
  out(text: string): void;
  /** A problem that does not fail the command (a poststart or poststop hook that failed). */
  warn(text: string): void;
}

type Handler = (io: RuntimeIo, flags: Readonly<Record<string, unknown>>, args: readonly string[]) => Promise<number>;

const abs = (io: RuntimeIo, p: string) => cleanPath(p.startsWith('/') ? p : `${io.cwd}/${p}`);

async function writePidFile(io: RuntimeIo, file: unknown, pid: number): Promise<void> {
  if (typeof file === 'string') await io.kernel.writeFile(abs(io, file), String(pid));
}


const HANDLERS: Record<string, Handler> = {
  async spec(io, flags) {
    const bundle = abs(io, (flags['bundle'] as string | undefined) ?? '.');
    const path = `${bundle}/config.json`;
    if (await io.kernel.exists(path)) throw new DockbookError('E_EXISTS', `File ${path} exists. Remove it first`, { hint: 'spec does not overwrite a config.json' });
    await io.kernel.writeFile(path, `${JSON.stringify(defaultSpec(), null, '\t')}\n`);
    return 0;
  },
  async create(io, flags, [id]) {
    const bundle = abs(io, (flags['bundle'] as string | undefined) ?? '.');
    const { record } = await createContainer(io.kernel, io.root, id!, bundle, { consoleSocket: flags['console-socket'] as string | undefined });
    await writePidFile(io, flags['pid-file'], record.pid);
    return 0;
  },
  async start(io, _flags, [id]) {
    for (const w of await startContainer(io.kernel, io.root, id!)) io.warn(w);
    return 0;
  },
  async run(io, flags, [id]) {
    const bundle = abs(io, (flags['bundle'] as string | undefined) ?? '.');
    const { record, process } = await createContainer(io.kernel, io.root, id!, bundle, {
      consoleSocket: flags['console-socket'] as string | undefined,
    });
    await writePidFile(io, flags['pid-file'], record.pid);
    for (const w of await startContainer(io.kernel, io.root, id!)) io.warn(w);
    if (flags['detach']) return 0;
    const status = await process.exited;
    for (const w of await deleteContainer(io.kernel, io.root, id!, true)) io.warn(w);
    return exitCodeOf(status);
  },
  async state(io, _flags, [id]) {
    io.out(JSON.stringify(await containerState(io.kernel, io.root, id!), null, '  '));
    return 0;
  },
  async kill(io, flags, [id, signal]) {
    await killContainer(io.kernel, io.root, id!, signal ?? 'SIGTERM', flags['all'] === true);
    return 0;
  },
  async delete(io, flags, [id]) {
    for (const w of await deleteContainer(io.kernel, io.root, id!, flags['force'] === true)) io.warn(w);
    return 0;
  },
  async ps(io, flags, [id]) {
    const pids = await containerPids(io.kernel, io.root, id!);
    if (flags['format'] === 'json') io.out(JSON.stringify(pids));
    else io.out(['PID', ...pids.map(String)].join('\n'));
    return 0;
  },
  async list(io, flags) {
    const rows = [];
    for (const id of await listIds(io.kernel, io.root)) {
      const rec = await loadRecord(io.kernel, io.root, id);
      rows.push(stateOf(rec, await containerStatus(io.kernel, io.root, rec)));
    }
    if (flags['quiet']) io.out(rows.map((r) => r.id).join('\n'));
    else if (flags['format'] === 'json') io.out(JSON.stringify(rows));
    else {
      const table = [['ID', 'PID', 'STATUS', 'BUNDLE', 'CREATED'], ...rows.map((r) => [r.id, String(r.pid), r.status, r.bundle, r.created])];
      const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
      io.out(table.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('   ').trimEnd()).join('\n'));
    }
    return 0;
  },
  async exec(io, flags, [id, ...rest]) {
    // runc's shape: `exec ID -- CMD ARGS`; the separator is not part of the command.
    const args = rest[0] === '--' ? rest.slice(1) : rest;
    let process: Process;
    if (typeof flags['process'] === 'string') {
      const text = await io.kernel.readText(abs(io, flags['process']));
      process = parseSpecText(JSON.stringify({ ociVersion: '1.2.0', root: { path: '/' }, process: JSON.parse(text) })).process;
    } else {
      if (args.length === 0) throw new DockbookError('E_USAGE', 'exec needs a command (or --process FILE)', { hint: "see 'dockbook-runtime exec --help'" });
      const rec = await loadRecord(io.kernel, io.root, id!);
      const base = rec.spec.process;
      const [uid, gid] = typeof flags['user'] === 'string' ? flags['user'].split(':').map(Number) : [base.user.uid, base.user.gid];
      process = {
        ...base,
        args: [...args],
        terminal: flags['tty'] === true,
        cwd: (flags['cwd'] as string | undefined) ?? base.cwd,
        env: [...(base.env ?? []), ...((flags['env'] as string[] | undefined) ?? [])],
        user: { ...base.user, uid: uid ?? 0, gid: gid ?? uid ?? 0 },
      };
    }
    const proc = await execInContainer(io.kernel, io.root, id!, process, {
      consoleSocket: flags['console-socket'] as string | undefined,
    });
    await writePidFile(io, flags['pid-file'], proc.pid);
    if (flags['detach']) return 0;
    const status = await proc.exited;
    return exitCodeOf(status);
  },
  async features(io) {
    io.out(JSON.stringify(runtimeFeatures(), null, '  '));
    return 0;
  },
};

export const RUNTIME_COMMANDS: readonly CommandSpec[] = RUNTIME_SPECS;

/** Runs one `dockbook-runtime` subcommand; returns its exit code. */
export async function runRuntimeCommand(io: RuntimeIo, name: string, argv: readonly string[]): Promise<number> {
  const spec = RUNTIME_SPECS.find((s) => s.name === name);
  const handler = HANDLERS[name];
  if (!spec || !handler) throw new DockbookError('E_USAGE', `'${name}' is not a dockbook-runtime command`, { hint: "see 'dockbook-runtime --help'" });
  const parsed = parseArgs(spec, argv, 'dockbook-runtime');
  if (parsed.help) { io.out(formatHelp(spec, 'dockbook-runtime')); return 0; }
  return handler(io, parsed.flags, parsed.positionals);
}
