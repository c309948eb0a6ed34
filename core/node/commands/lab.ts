import { formatHelp, parseArgs, type CommandSpec } from '../../cli/args.js';
import type { CliContext } from '../../cli/context.js';
import { runDoctor } from '../../doctor/doctor.js';
import { DockbookError } from '../../errors.js';
import type { Kernel } from '../../kernel/kernel.js';
import { formatOutcome } from '../../labs/format-outcome.js';
import { noSuchLab } from '../../labs/lab-errors.js';
import { linuxLabHost, simLabHost, type LabHost } from '../../labs/lab-host.js';
import type { LabOutcome } from '../../labs/lab-outcome.js';
import { runLab } from '../../labs/run-lab.js';
import { LABS, findLab } from '../../../labs/index.js';
import type { Lab, Lang } from '../../../labs/lab-types.js';

export const labSpec: CommandSpec = {
  name: 'lab',
  summary: 'List the labs, or run them without the UI and print every check',
  usage: 'list | run ID|--all [--mode linux|sim|auto] [--json] [--lang ko|en]',
  flags: [
    { name: 'all', kind: 'bool', help: 'Run every lab' },
    { name: 'mode', kind: 'string', value: 'MODE', help: 'linux (real kernel, root), sim (simulator) or auto (linux when doctor allows it; default)' },
    { name: 'json', kind: 'bool', help: 'Print the outcome as JSON' },
    { name: 'lang', kind: 'string', value: 'LANG', help: 'ko or en (default en)' },
  ],
  maxArgs: 2,
};

interface Io {
  out(text: string): void;
  err(text: string): void;
}

async function chooseMode(requested: string, ctx: CliContext | null, reason: string | null): Promise<'linux' | 'sim'> {
  if (requested === 'sim') return 'sim';
  if (requested === 'linux') {
    if (!ctx) throw new DockbookError('E_UNSUPPORTED', `--mode linux needs a Linux host: ${reason}`, { hint: 'use --mode sim' });
    if ((await ctx.kernel.euid()) !== 0) throw new DockbookError('E_PERMISSION', '--mode linux needs root', { hint: 'run as root, or use --mode sim' });
    return 'linux';
  }
  if (requested !== 'auto') throw new DockbookError('E_USAGE', `unknown mode "${requested}"`, { hint: 'use linux, sim or auto' });
  if (!ctx) return 'sim';
  return (await runDoctor(ctx.kernel, { stateDir: ctx.paths.root })).mode;
}

async function runOne(lab: Lab, mode: 'linux' | 'sim', kernel: Kernel | null): Promise<LabOutcome> {
  // Each lab gets a host of its own, so one lab's leftovers can never make the next one pass or fail.
  const host: LabHost = mode === 'linux' && kernel ? await linuxLabHost(kernel, 'dockbook-lab') : simLabHost(1);
  try {
    return await runLab({ lab, kernel: host.kernel, paths: host.paths, networkHost: host.networkHost });
  } finally {
    await host.dispose();
  }
}

/** `dockbook lab list|run`: exit 0 when every check of every lab run held, 1 otherwise. */
export async function labCommand(ctx: CliContext | null, argv: readonly string[], reason: string | null, io: Io): Promise<number> {
  const args = parseArgs(labSpec, argv);
  if (args.help) { io.out(formatHelp(labSpec)); return 0; }
  const lang = String(args.flags['lang'] ?? 'en');
  if (lang !== 'ko' && lang !== 'en') throw new DockbookError('E_USAGE', `unknown language "${lang}"`, { hint: 'use ko or en' });
  const [sub, id] = args.positionals;
  if (sub === 'list' || sub === undefined) {
    if (args.flags['json']) io.out(JSON.stringify(LABS.map((l) => ({ id: l.id, chapter: l.chapter, title: l.title, steps: l.steps.length })), null, 2));
    else io.out(LABS.map((l) => `${l.id.padEnd(28)} ${l.title[lang as Lang]} (${l.steps.length} steps)`).join('\n'));
    return 0;
  }
  if (sub !== 'run') throw new DockbookError('E_USAGE', `unknown lab command "${sub}"`, { hint: "see 'dockbook lab --help'" });
  const all = args.flags['all'] === true;
  if (all === (id !== undefined)) throw new DockbookError('E_USAGE', 'name one lab or give --all', { hint: "see 'dockbook lab list'" });
  const labs = all ? LABS : [findLab(id!) ?? (() => { throw noSuchLab(id!, LABS.map((l) => l.id)); })()];
  const mode = await chooseMode(String(args.flags['mode'] ?? 'auto'), ctx, reason);
  const outcomes: LabOutcome[] = [];
  for (const lab of labs) {
    const outcome = await runOne(lab, mode, ctx?.kernel ?? null);
    outcomes.push(outcome);
    if (!args.flags['json']) io.out(formatOutcome(lab, outcome, lang));
  }
  const passed = outcomes.every((o) => o.passed);
  if (args.flags['json']) io.out(JSON.stringify({ mode, passed, labs: outcomes }, null, 2));
  else io.out(`${outcomes.filter((o) => o.passed).length} of ${outcomes.length} labs passed (${mode})`);
  return passed ? 0 : 1;
}
