import { runDockerCommand } from '../cli/docker/docker-cli.js';
import { enginePaths } from '../config.js';
import { asDockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import { engineSocket, socketTransport } from './api-client.js';

/**
 * docker's commands, spoken to the engine over its socket; errors become one line and Docker's exit code.
 * `host` reads and writes the local files (cp, export -o, import FILE): only the full bundle has a kernel for it.
 */
export async function dockerCommand(argv: readonly string[], debug: boolean, host?: () => Promise<Kernel>): Promise<number> {
  const paths = enginePaths(process.env);
  try {
    return await runDockerCommand({
      api: socketTransport(engineSocket(process.env, paths.run)),
      program: 'dockbook',
      out: (t) => process.stdout.write(t),
      err: (t) => process.stderr.write(t),
      host,
      stdin: async () => {
        const chunks: Buffer[] = [];
        for await (const c of process.stdin) chunks.push(c as Buffer);
        return new Uint8Array(Buffer.concat(chunks));
      },
      stdinStream: () => process.stdin as AsyncIterable<Uint8Array>,
      ...(process.stderr.isTTY ? { progress: (line: string | null) => process.stderr.write(line === null ? '\r\x1b[K' : `\r\x1b[K${line}`) } : {}),
    }, argv, Date.now());
  } catch (e) {
    const err = asDockbookError(e);
    process.stderr.write(`dockbook: ${err.message}${err.hint ? ` (hint: ${err.hint})` : ''}\n`);
    if (debug) process.stderr.write(`${String(err.stack ?? err)}\n`);
    return err.exitCode;
  }
}
