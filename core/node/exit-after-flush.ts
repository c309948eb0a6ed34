/**
 * Exits once stdout and stderr have drained. Explicitly: a command may
 * leave a child (a created container's shim) or a stream to the engine
 * that would otherwise keep the process waiting.
 */
export function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
