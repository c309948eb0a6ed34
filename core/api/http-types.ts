/** The Engine API's requests and responses as plain data: the Node server turns them into HTTP. */
export interface ApiRequest {
  readonly method: string;
  /** The path with any /v1.xx prefix removed. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The query string as sent: for keys given more than once whose values may hold commas (`changes`). */
  readonly rawQuery?: string;
}

/** A connection taken over from HTTP (attach, exec): raw bytes both ways. */
export interface HijackedConn {
  write(data: Uint8Array | string): void;
  /** Bytes the client sends (stdin), until it half-closes. */
  readonly input: AsyncIterable<Uint8Array>;
  end(): void;
  readonly closed: { aborted: boolean };
}

/** Extra response headers (`X-Docker-Container-Path-Stat` on a cp archive). */
export type ResultHeaders = { readonly headers?: Readonly<Record<string, string>> };

export type ApiResult =
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown }
  | ({ readonly kind: 'empty'; readonly status: number } & ResultHeaders)
  | { readonly kind: 'text'; readonly status: number; readonly body: string; readonly contentType: string }
  | ({ readonly kind: 'stream'; readonly status: number; readonly contentType: string; readonly chunks: (closed: { aborted: boolean }) => AsyncIterable<Uint8Array | string> } & ResultHeaders)
  | { readonly kind: 'hijack'; readonly contentType: string; readonly run: (conn: HijackedConn) => Promise<void> };

export const json = (body: unknown, status = 200): ApiResult => ({ kind: 'json', status, body });
export const empty = (status = 204): ApiResult => ({ kind: 'empty', status });

/** Parses a query string without the platform's URLSearchParams (core code sees no DOM). */
export function parseQuery(q: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of q.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = decodeURIComponent((eq === -1 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
    const v = decodeURIComponent((eq === -1 ? '' : part.slice(eq + 1)).replace(/\+/g, ' '));
    // A repeated key (images/get?names=a&names=b) keeps every value, comma-joined.
    out[k] = out[k] !== undefined ? `${out[k]},${v}` : v;
  }
  return out;
}

/** Every value of a repeated query key, in order (`changes=CMD …&changes=ENV …`). */
export function queryValues(raw: string | undefined, key: string): string[] {
  const out: string[] = [];
  for (const part of (raw ?? '').split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (decodeURIComponent(part.slice(0, eq).replace(/\+/g, ' ')) === key) out.push(decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' ')));
  }
  return out;
}

export function truthy(v: string | undefined): boolean {
  return v === '1' || v === 'true' || v === 'True';
}
