import type { CliContext, CommandRun } from '../cli/context.js';
import { doctorCommand, doctorSpec } from '../cli/commands/doctor.js';
import type { CommandSpec } from '../cli/args.js';
import { enginePaths } from '../config.js';
import { DockbookError, asDockbookError } from '../errors.js';
import { VERSION } from '../version.js';
import { startCommand, startSpec } from './commands/start.js';
import { daemonCommand, daemonSpec } from './commands/daemon.js';
import { labCommand, labSpec } from './commands/lab.js';
import { DOCKER_COMMANDS, isDockerCommand } from '../cli/docker/docker-cli.js';
import { dockerCommand } from './docker-command.js';
import { loadHostKernel } from './host-kernel.js';
import type { Kernel } from '../kernel/kernel.js';

/** The files of the machine the command runs on (cp, export -o, import FILE): the full bundle has LinuxKernel. */
async function hostFiles(): Promise<Kernel> {
  const h = await loadHostKernel();
  if (!h.kernel) throw new DockbookError('E_UNSUPPORTED', `this command needs the host's files: ${h.reason}`, { exitCode: 1 });
  return h.kernel;
}

interface Entry {
  readonly spec: CommandSpec;
  /** Commands that can run with no Linux kernel binding (start falls back to the simulator). */
  readonly run: (ctx: CliContext | null, argv: readonly string[], hostReason: string | null) => Promise<number>;
}

const io = {
  out: (t: string) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t: string) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

function needsKernel(run: CommandRun): Entry['run'] {
  return async (ctx, argv, reason) => {
    if (!ctx) throw new DockbookError('E_UNSUPPORTED', `this command needs a Linux host: ${reason}`, { hint: 'run it on the Linux lab machine' });
    return run(ctx, argv);
  };
}

export const COMMANDS: Record<string, Entry> = {
  doctor: { spec: doctorSpec, run: needsKernel(doctorCommand) },
  serve: { spec: startSpec, run: (ctx, argv, reason) => startCommand(ctx, argv, reason, io) },
  daemon: { spec: daemonSpec, run: needsKernel(daemonCommand) },
  lab: { spec: labSpec, run: (ctx, argv, reason) => labCommand(ctx, argv, reason, io) },
};

function usage(): string {
  const width = Math.max(...[...Object.keys(COMMANDS), ...DOCKER_COMMANDS.map((c) => c.name)].map((n) => n.length));
  return [
    'Usage:  dockbook [--debug] COMMAND [ARGS]',
    '',
    'A real container engine that shows what it does in the kernel.',
    '',
    'Commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.spec.name.padEnd(width)}   ${c.spec.summary}`),
    '',
    'Docker commands (sent to the engine):',
    ...DOCKER_COMMANDS.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`),
    '',
    "Run 'dockbook COMMAND --help' for more information on a command.",
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  let debug = false;
  const rest = [...argv];
  while (rest[0]?.startsWith('-')) {
    const flag = rest.shift()!;
    if (flag === '--debug' || flag === '-D') debug = true;
    else if (flag === '--help' || flag === '-h') { io.out(usage()); return 0; }
    else if (flag === '--version' || flag === '-v') { io.out(`dockbook version ${VERSION}`); return 0; }
    else { io.err(`dockbook: E_USAGE unknown flag: ${flag} (hint: see 'dockbook --help')`); return 125; }
  }
  const name = rest.shift();
  if (!name || name === 'help') { io.out(usage()); return 0; }
  const entry = COMMANDS[name];
  if (!entry && isDockerCommand([name, ...rest])) return dockerCommand([name, ...rest], debug, hostFiles);
  if (!entry) {
    io.err(`dockbook: E_USAGE '${name}' is not a dockbook command (hint: see 'dockbook --help')`);
    return 125;
  }
  try {
    const host = await loadHostKernel();
    const ctx: CliContext | null = host.kernel
      ? { kernel: host.kernel, paths: enginePaths(process.env), env: process.env, ...io }
      : null;
    return await entry.run(ctx, rest, host.reason);
  } catch (e) {
    const err = asDockbookError(e);
    io.err(`dockbook: ${err.oneLine()}`);
    if (debug) io.err(String(err.stack ?? err));
    return err.exitCode;
  }
}
