import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatHelp, parseArgs, type CommandSpec } from '../../cli/args.js';
import type { CliContext } from '../../cli/context.js';
import { runDoctor } from '../../doctor/doctor.js';
import { DockbookError } from '../../errors.js';
import { VERSION } from '../../version.js';
import type { ServerStatus } from '../../web-api/status.js';
import { startLabServer } from '../server/lab-server.js';
import { sweepStaleLabHosts } from '../../labs/lab-sweep.js';
import { startEngine } from './daemon.js';
import { LAB_SANDBOX_PREFIX, LiveLab } from '../server/lab-live.js';

export const startSpec: CommandSpec = {
  name: 'serve',
  summary: 'Start the engine and the lab web UI on 127.0.0.1',
  usage: '[OPTIONS]',
  flags: [{ name: 'port', short: 'p', kind: 'string', value: 'PORT', help: 'Port to listen on (default 7420, or $DOCKBOOK_PORT; 0 picks a free one)' }],
  maxArgs: 0,
};

/** The built UI sits beside the bundled entry: dist/node/dockbook.mjs → dist/web. */
export function defaultWebRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'web');
}

export async function startCommand(ctx: CliContext | null, argv: readonly string[], hostReason: string | null, io: { out(t: string): void }): Promise<number> {
  const args = parseArgs(startSpec, argv);
  if (args.help) { io.out(formatHelp(startSpec)); return 0; }
  const portText = (args.flags['port'] as string | undefined) ?? process.env['DOCKBOOK_PORT'] ?? '7420';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DockbookError('E_INVALID_ARGUMENT', `invalid port: ${portText}`, { hint: 'give a number from 0 to 65535' });
  }

  const status = async (): Promise<ServerStatus> => {
    if (!ctx) return { version: VERSION, mode: 'sim', reason: `real mode unavailable: ${hostReason}`, doctor: null };
    const doctor = await runDoctor(ctx.kernel, { stateDir: ctx.paths.root });
    return { version: VERSION, mode: doctor.mode, reason: doctor.reason, doctor };
  };

  const first = await status();
  io.out(`dockbook ${VERSION}: ${first.mode === 'linux' ? 'real mode' : 'simulator mode'} — ${first.reason}`);

  let cached = first;
  if (ctx && first.mode === 'linux') {
    // Sandboxes a killed lab server left behind (running containers, mounts, a netns) go before anything starts.
    const swept = await sweepStaleLabHosts(ctx.kernel, LAB_SANDBOX_PREFIX).catch(() => []);
    if (swept.length) io.out(`dockbook: removed ${swept.length} lab sandbox(es) a stopped lab server left: ${swept.join(', ')}`);
  }
  const live = new LiveLab(ctx && first.mode === 'linux' ? ctx.kernel : null);
  const server = await startLabServer({
    webRoot: defaultWebRoot(),
    host: '127.0.0.1',
    port,
    status: async () => cached,
    live,
  }).catch((e: unknown) => {
    const code = (e as { code?: string }).code;
    throw new DockbookError(code === 'EADDRINUSE' ? 'E_PORT_IN_USE' : 'E_LISTEN', `cannot listen on 127.0.0.1:${port}: ${code ?? String(e)}`, {
      hint: 'pick another port with --port or DOCKBOOK_PORT', cause: e,
    });
  });
  // Real mode: the engine runs in the same process, behind its API socket.
  const engine = ctx && first.mode === 'linux' ? await startEngine(ctx) : null;
  if (engine) io.out(`dockbook engine: unix://${engine.api.path} (DOCKER_HOST=unix://${engine.api.path} docker … works too)`);
  io.out(`dockbook lab UI: ${server.url}`);
  // Re-check the host now and then so the UI follows what changes under it.
  const timer = setInterval(() => { void status().then((s) => { cached = s; }).catch(() => {}); }, 30_000);
  timer.unref();

  await new Promise<void>((resolve) => {
    const stop = () => { void server.close().then(resolve); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(timer);
  // A lab in progress is torn down; the engine's own containers keep running under their shims.
  await live.close();
  await engine?.close();
  return 0;
}
