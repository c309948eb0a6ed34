import type { FsView } from '../vfs/index.js';
import { lineRelay } from '../../engine/log-drivers/line-relay.js';

/** Docker's json-file time: RFC 3339 with nanoseconds. */
function rfc3339Nano(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  const ns = String(Math.round((ms % 1000) * 1e6)).padStart(9, '0');
  return `${iso.slice(0, 19)}.${ns}Z`;
}

/** The shim's json-file driver: each line of a stream appended to the log as `{"log":…,"stream":…,"time":…}`. */
export function jsonLogWriter(
  view: FsView, path: string, stream: 'stdout' | 'stderr', clock: () => number, limits: { maxSize?: number; maxFiles?: number } = {},
): { write(d: Uint8Array): void; close(): void } {
  return lineRelay((line) => {
    if (limits.maxSize && limits.maxSize > 0) rotateIfFull(view, path, limits.maxSize, limits.maxFiles ?? 1);
    view.writeFile(path, `${JSON.stringify({ log: line, stream, time: rfc3339Nano(clock()) })}\n`, { append: true, mode: 0o640 });
  });
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
