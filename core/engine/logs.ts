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
  /** Unix seconds (fractional): lines before are skipped, lines after `until` end the read. */
  readonly since?: number;
  readonly until?: number;
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

/** A json-file time (RFC 3339 with nanoseconds) as fractional Unix seconds. */
export function logTimeSeconds(time: string): number {
  const m = /^(.{19})(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!m) return Number.NaN;
  return Date.parse(`${m[1]}${m[3]}`) / 1000 + Number(`0.${m[2] ?? '0'}`);
}

/** The rotated files oldest first (`PATH.N` … `PATH.1`), then PATH itself. */
async function readAll(kernel: Kernel, path: string): Promise<{ older: string; current: string }> {
  const rotated: string[] = [];
  for (let i = 1; ; i++) {
    const text = await kernel.readText(`${path}.${i}`).catch(() => null);
    if (text === null) break;
    rotated.unshift(text);
  }
  return { older: rotated.join(''), current: await kernel.readText(path).catch(() => '') };
}

/**
 * Reads a json-file log as `docker logs` does: across its rotated files in
 * order, the last N lines, then (with follow) whatever the shim appends —
 * also after a rotation — until the container stops.
 */
export async function* readLogs(kernel: Kernel, path: string, opts: LogOptions): AsyncGenerator<LogLine> {
  const since = opts.since ?? 0;
  const until = opts.until ?? Number.POSITIVE_INFINITY;
  const want = (l: LogLine) => (l.stream === 'stdout' ? opts.stdout : opts.stderr) && (since <= 0 || logTimeSeconds(l.time) >= since);
  const past = (l: LogLine) => logTimeSeconds(l.time) > until;
  const { older, current } = await readAll(kernel, path);
  let offset = current.lastIndexOf('\n') + 1;
  let head = current.slice(0, Math.min(offset, 256));
  let lines = parse(older + current.slice(0, offset));
  const stop = lines.findIndex(past);
  if (stop >= 0) lines = lines.slice(0, stop);
  lines = lines.filter(want);
  if (opts.tail !== undefined && opts.tail >= 0) lines = opts.tail === 0 ? [] : lines.slice(-opts.tail);
  yield* lines;
  if (!opts.follow || stop >= 0) return;
  for (;;) {
    if (opts.signal?.aborted) return;
    const wasRunning = opts.running();
    await (opts.stopped ? Promise.race([kernel.sleep(50), opts.stopped]) : kernel.sleep(50));
    let text = await kernel.readText(path).catch(() => '');
    let fresh = '';
    // A file that no longer starts as it did is a new one (each line carries a nanosecond time).
    if (offset > 0 && !text.startsWith(head)) {
      // Rotated meanwhile: the rest of the old file is now PATH.1 (or gone, with max-file 1).
      const old = await kernel.readText(`${path}.1`).catch(() => '');
      fresh = old.slice(offset, old.lastIndexOf('\n') + 1);
      offset = 0;
      text = await kernel.readText(path).catch(() => '');
    }
    const end = text.lastIndexOf('\n') + 1;
    if (end > offset) {
      fresh += text.slice(offset, end);
      offset = end;
    }
    head = text.slice(0, Math.min(offset, 256));
    for (const l of parse(fresh)) {
      if (past(l)) return;
      if (want(l)) yield l;
    }
    // One more read after the container stopped, so its last lines are not lost.
    if (!wasRunning) return;
  }
}
