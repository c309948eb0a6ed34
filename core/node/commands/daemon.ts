import { API_VERSION, type ApiContext } from '../../api/api-context.js';
import { formatHelp, parseArgs, type CommandSpec } from '../../cli/args.js';
import type { CliContext } from '../../cli/context.js';
import { buildEngine } from '../../engine/build-engine.js';
import type { Engine } from '../../engine/engine.js';
import { engineSocket } from '../api-client.js';
import { startApiServer, type ApiServer } from '../server/api-server.js';

export const daemonSpec: CommandSpec = {
  name: 'daemon',
  summary: 'Run the engine: containers, images and networks behind the Docker Engine API on a unix socket',
  usage: '[OPTIONS]',
  flags: [],
  maxArgs: 0,
};

export interface RunningEngine {
  readonly engine: Engine;
  readonly api: ApiServer;
  readonly ctx: ApiContext;
  close(): Promise<void>;
}

/** The engine behind its API socket. */
export async function startEngine(ctx: CliContext): Promise<RunningEngine> {
  const hostNetns = ctx.env['DOCKBOOK_HOST_NETNS'];
  const apiCtx = await buildEngine({
    kernel: ctx.kernel,
    paths: ctx.paths,
    // A sandbox (tests, isolated labs) can give "the host" side of networking a namespace of its own.
    networkHost: hostNetns ? { kernel: ctx.kernel, netns: hostNetns } : { kernel: ctx.kernel },
    bridge: ctx.env['DOCKBOOK_BRIDGE'] || undefined,
    bridgeSubnet: ctx.env['DOCKBOOK_BRIDGE_SUBNET'] || undefined,
    dnsUpstreams: ctx.env['DOCKBOOK_DNS_UPSTREAM'] || undefined,
  });
  const api = await startApiServer(apiCtx, engineSocket(ctx.env, ctx.paths.run));
  return { engine: apiCtx.engine, api, ctx: apiCtx, close: () => api.close() };
}

export async function daemonCommand(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const args = parseArgs(daemonSpec, argv);
  if (args.help) { ctx.out(formatHelp(daemonSpec)); return 0; }
  const running = await startEngine(ctx);
  ctx.out(`dockbook engine: API ${API_VERSION} listening on unix://${running.api.path} (state in ${ctx.paths.root})`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // Containers keep running under their shims; the next daemon re-adopts them.
  await running.close();
  return 0;
}
