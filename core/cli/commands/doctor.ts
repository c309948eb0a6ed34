import { formatDoctor } from '../../doctor/format.js';
import { runDoctor } from '../../doctor/doctor.js';
import { formatHelp, parseArgs, type CommandSpec } from '../args.js';
import type { CliContext } from '../context.js';

export const doctorSpec: CommandSpec = {
  name: 'doctor',
  summary: 'Check what this host can do for dockbook, and say whether labs run on the real kernel or in the simulator',
  usage: '[OPTIONS]',
  flags: [{ name: 'json', kind: 'bool', help: 'Print the report as JSON' }],
  maxArgs: 0,
};

/** Exit code 0 when real mode is possible, 1 when labs would fall back to the simulator. */
export async function doctorCommand(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const args = parseArgs(doctorSpec, argv);
  if (args.help) { ctx.out(formatHelp(doctorSpec)); return 0; }
  const report = await runDoctor(ctx.kernel, { stateDir: ctx.paths.root });
  ctx.out(args.flags['json'] ? JSON.stringify(report, null, 2) : formatDoctor(report));
  return report.mode === 'linux' ? 0 : 1;
}
