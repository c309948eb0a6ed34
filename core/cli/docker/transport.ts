/**
 * How a docker-style command reaches an engine: over the Engine API's unix
 * socket from a CLI process, or straight into an in-process router (labs,
 * the simulator). The commands are the same either way.
 */
export interface ApiCall {
  readonly method: string;
  readonly path: string;
  /** An array repeats its key (`changes=…&changes=…`), as docker's client sends it. */
  readonly query?: Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;
  /** JSON, or bytes sent as they are (a tar for cp, import). */
  readonly body?: unknown;
  /** On a hijacked stream (attach, exec start with -i): bytes for the program's stdin, then a half-close. */
  readonly input?: AsyncIterable<Uint8Array>;
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
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((one) => `${encodeURIComponent(k)}=${encodeURIComponent(one === true ? '1' : String(one))}`));
  return parts.length ? `?${parts.join('&')}` : '';
}
