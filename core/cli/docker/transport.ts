/**
 * How a docker-style command reaches an engine: over the Engine API's unix
 * socket from a CLI process, or straight into an in-process router (labs,
 * the simulator). The commands are the same either way.
 */
export interface ApiCall {
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** JSON, or bytes sent as they are (a tar for cp, import). */
  readonly body?: unknown;
}

export interface ApiReply {
  readonly status: number;
  readonly body: unknown;
  /** Response headers, lower-cased names (cp reads X-Docker-Container-Path-Stat). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The raw body of a response that is not JSON (a tar from cp or export). */
  readonly bytes?: Uint8Array;
}

export interface ApiTransport {
  request(call: ApiCall): Promise<ApiReply>;
  /** A response that streams (logs, attach, events): its raw bytes until it ends. */
  stream(call: ApiCall): AsyncIterable<Uint8Array>;
}

export function queryString(q: ApiCall['query']): string {
  const parts = Object.entries(q ?? {})
    .filter(([, v]) => v !== undefined && v !== false && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v === true ? '1' : String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
