import type { Kernel } from '../kernel/kernel.js';

export interface LogLine {
  readonly stream: 'stdout' | 'stderr';
  readonly log: string;
  readonly time: string;
}

export interface LogOptions {
  readonly stdout: boolean;
  readonly stderr: boolean;
  /** Last N lines, or all. */
  readonly tail?: number;
  readonly follow: boolean;
  /** Keep following while this says the container runs. */
  readonly running: () => boolean;
  /** Settles when the container stops: the last read then comes at once, not at the next poll. */
  readonly stopped?: Promise<unknown>;
  readonly signal?: { aborted: boolean };
}

function parse(text: string): LogLine[] {
  const out: LogLine[] = [];
  for (const l of text.split('\n')) {
    if (!l) continue;
    try { out.push(JSON.parse(l) as LogLine); } catch { /* a line being written: read again later */ }
  }
  return out;
}

/**
 * Reads a json-file log as `docker logs` does: the last N lines, then (with
 * follow) whatever the shim appends, until the container stops.
 */
export async function* readLogs(kernel: Kernel, path: string, opts: LogOptions): AsyncGenerator<LogLine> {
  const want = (l: LogLine) => (l.stream === 'stdout' ? opts.stdout : opts.stderr);
  let text = await kernel.readText(path).catch(() => '');
  let offset = text.lastIndexOf('\n') + 1;
  let lines = parse(text.slice(0, offset)).filter(want);
  if (opts.tail !== undefined && opts.tail >= 0) lines = opts.tail === 0 ? [] : lines.slice(-opts.tail);
  yield* lines;
  if (!opts.follow) return;
  for (;;) {
    if (opts.signal?.aborted) return;
    const wasRunning = opts.running();
    await (opts.stopped ? Promise.race([kernel.sleep(50), opts.stopped]) : kernel.sleep(50));
    text = await kernel.readText(path).catch(() => '');
    const end = text.lastIndexOf('\n') + 1;
    if (end > offset) {
      yield* parse(text.slice(offset, end)).filter(want);
      offset = end;
    }
    // One more read after the container stopped, so its last lines are not lost.
    if (!wasRunning) return;
  }
}
