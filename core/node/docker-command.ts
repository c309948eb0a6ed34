import { runDockerCommand } from '../cli/docker/docker-cli.js';
import { enginePaths } from '../config.js';
import { asDockbookError } from '../errors.js';
import { engineSocket, socketTransport } from './api-client.js';

/** docker's commands, spoken to the engine over its socket; errors become one line and Docker's exit code. */
export async function dockerCommand(argv: readonly string[], debug: boolean): Promise<number> {
  const paths = enginePaths(process.env);
  try {
    return await runDockerCommand({
      api: socketTransport(engineSocket(process.env, paths.run)),
      program: 'dockbook',
      out: (t) => process.stdout.write(t),
      err: (t) => process.stderr.write(t),
    }, argv, Date.now());
  } catch (e) {
    const err = asDockbookError(e);
    process.stderr.write(`dockbook: ${err.message}${err.hint ? ` (hint: ${err.hint})` : ''}\n`);
    if (debug) process.stderr.write(`${String(err.stack ?? err)}\n`);
    return err.exitCode;
  }
}
