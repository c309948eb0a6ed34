import { queryString, type ApiCall, type ApiTransport } from '../cli/docker/transport.js';
import type { ApiContext } from './api-context.js';
import type { HijackedConn } from './http-types.js';
import { route } from './router.js';

function toQuery(q: ApiCall['query']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q ?? {})) {
    if (v === undefined || v === false || v === '') continue;
    out[k] = v === true ? '1' : Array.isArray(v) ? v.join(',') : String(v);
  }
  return out;
}

const encoder = new TextEncoder();

/** Header names as an HTTP client sees them. */
function lower(h: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(h ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/**
 * The Engine API without a socket: docker-style commands call the router
 * directly. Labs and the simulator use this; the bytes are the same.
 */
export function inProcessTransport(ctx: ApiContext): ApiTransport {
  return {
    async request(c) {
      const r = await route(ctx, { method: c.method, path: c.path, query: toQuery(c.query), body: c.body ?? null, rawQuery: queryString(c.query).slice(1) });
      switch (r.kind) {
        case 'json': return { status: r.status, body: r.body };
        case 'empty': return { status: r.status, body: null, headers: lower(r.headers) };
        case 'text': return { status: r.status, body: r.body };
        case 'stream': {
          if (/tar/.test(r.contentType)) {
            const parts: Uint8Array[] = [];
            for await (const chunk of r.chunks({ aborted: false })) parts.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
            return { status: r.status, body: null, headers: lower(r.headers), bytes: concat(parts) };
          }
          // A long poll (wait) answers with one JSON body at the end.
          let text = '';
          for await (const chunk of r.chunks({ aborted: false })) text += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
          return { status: r.status, body: r.contentType === 'application/json' ? JSON.parse(text) : text };
        }
        default: return { status: 500, body: { message: 'an attach endpoint was called as a plain request' } };
      }
    },
    async *stream(c) {
      const r = await route(ctx, { method: c.method, path: c.path, query: toQuery(c.query), body: c.body ?? null });
      if (r.kind === 'stream') {
        for await (const chunk of r.chunks({ aborted: false })) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
        return;
      }
      if (r.kind !== 'hijack') return;
      // A hijacked connection, played as a queue: the handler writes, this generator yields.
      const queue: Uint8Array[] = [];
      let done = false;
      let wake: (() => void) | null = null;
      const conn: HijackedConn = {
        write: (d) => { queue.push(typeof d === 'string' ? encoder.encode(d) : d); wake?.(); },
        input: c.input ?? (async function* () { /* no stdin */ })(),
        end: () => { done = true; wake?.(); },
        closed: { aborted: false },
      };
      const running = r.run(conn).finally(() => { done = true; wake?.(); });
      while (!done || queue.length) {
        if (queue.length) { yield queue.shift()!; continue; }
        await new Promise<void>((resolve) => { wake = resolve; });
        wake = null;
      }
      await running;
    },
  };
}
