import type { FsView } from '../vfs/index.js';

/** Docker's json-file time: RFC 3339 with nanoseconds. */
function rfc3339Nano(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  const ns = String(Math.round((ms % 1000) * 1e6)).padStart(9, '0');
  return `${iso.slice(0, 19)}.${ns}Z`;
}

/**
 * The shim's log relay: bytes written to a stream are cut into lines and
 * appended to the log as `{"log":…,"stream":…,"time":…}`; a partial last
 * line is written when the stream closes.
 */
export function jsonLogWriter(
  view: FsView, path: string, stream: 'stdout' | 'stderr', clock: () => number, limits: { maxSize?: number; maxFiles?: number } = {},
): { write(d: Uint8Array): void; close(): void } {
  let pending = '';
  const dec = new TextDecoder();
  const emit = (line: string): void => {
    if (limits.maxSize && limits.maxSize > 0) rotateIfFull(view, path, limits.maxSize, limits.maxFiles ?? 1);
    view.writeFile(path, `${JSON.stringify({ log: line, stream, time: rfc3339Nano(clock()) })}\n`, { append: true, mode: 0o640 });
  };
  return {
    write(d) {
      pending += dec.decode(d);
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        emit(pending.slice(0, nl + 1));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
    },
    close() {
      if (pending) emit(pending);
      pending = '';
    },
  };
}

/** Docker's json-file rotation, as native/log-json-file.c does it: PATH → PATH.1 → PATH.2 …, the oldest dropped. */
function rotateIfFull(view: FsView, path: string, maxSize: number, maxFiles: number): void {
  let size = 0;
  try { size = view.stat(path).size; } catch { return; }
  if (size < maxSize) return;
  for (let i = maxFiles - 1; i > 1; i--) {
    try { view.rename(`${path}.${i - 1}`, `${path}.${i}`); } catch { /* not there yet */ }
  }
  if (maxFiles > 1) view.rename(path, `${path}.1`);
  view.writeFile(path, '', { mode: 0o640 });
}
