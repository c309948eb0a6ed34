import { DockbookError } from '../../errors.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { ApiCall, ApiReply, ApiTransport } from './transport.js';

export interface DockerIo {
  readonly api: ApiTransport;
  /** Program name in messages: `docker` or `dockbook`. */
  readonly program: string;
  out(text: string | Uint8Array): void;
  err(text: string | Uint8Array): void;
  /** The client machine's own files (docker cp, export -o, import FILE): absent where there are none (labs). */
  readonly host?: () => Promise<Kernel>;
  /** Everything on standard input (docker import -). */
  readonly stdin?: () => Promise<Uint8Array>;
  /**
   * A one-line status for long operations (load), redrawn in place; null clears it. Absent when
   * stderr is not a terminal, as docker shows its progress only to a person watching.
   */
  readonly progress?: (line: string | null) => void;
  /** Standard input as it arrives (run -i, exec -i). */
  readonly stdinStream?: () => AsyncIterable<Uint8Array>;
}

/** Calls the API and turns a non-2xx reply into the daemon's message, as the docker CLI prints it. */
export async function call(io: DockerIo, c: ApiCall, ok: readonly number[] = [200, 201, 204, 304]): Promise<ApiReply> {
  const r = await io.api.request(c);
  if (!ok.includes(r.status)) {
    const message = (r.body as { message?: string } | null)?.message ?? `HTTP ${r.status}`;
    // docker exits 1 when the daemon refuses a request (run and create say 125 themselves).
    throw new DockbookError(r.status === 404 ? 'E_NOT_FOUND' : 'E_DAEMON', `Error response from daemon: ${message}`, { exitCode: 1, cause: r });
  }
  return r;
}

/** Fixed-width columns separated by three spaces, as docker's tables. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('   ').trimEnd()).join('\n');
}
