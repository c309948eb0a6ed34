import { clientCommandLine } from './client-command-line.js';
import { dockerCommand } from './docker-command.js';
import { exitAfterFlush } from './exit-after-flush.js';

/*
 * The `dockbook` command's front door. Docker's command lines (run, ps,
 * logs, …) only talk to the engine over its socket, so they load this small
 * bundle alone; everything else (the daemon, serve, labs, doctor, help) loads
 * the full one beside it, which brings the engine, the lab server and koffi.
 */
const client = clientCommandLine(process.argv.slice(2));
if (client) {
  dockerCommand(client.argv, client.debug).then(
    (code) => exitAfterFlush(code),
    (e: unknown) => { process.stderr.write(`dockbook: E_INTERNAL ${String(e)}\n`); exitAfterFlush(125); },
  );
} else {
  // Not a literal: the full bundle is loaded as it is, not bundled into this one.
  await import(new URL('./dockbook.mjs', import.meta.url).href);
}
