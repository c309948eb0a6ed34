import { main } from './dockbook.js';

/**
 * Exits once the command's output has drained. Explicitly: a docker command
 * that failed half-way (a container that could not start) may still hold
 * open streams to the engine that nothing will read.
 */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (e: unknown) => { process.stderr.write(`dockbook: E_INTERNAL ${String(e)}\n`); exitAfterFlush(125); },
);
