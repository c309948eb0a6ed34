import { chmodSync, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { dirname } from 'node:path';
import type { ApiContext } from '../../api/api-context.js';
import { API_VERSION } from '../../api/api-context.js';
import { errorResult } from '../../api/error-status.js';
import { parseQuery, type ApiRequest, type ApiResult, type HijackedConn } from '../../api/http-types.js';
import { route, unversioned } from '../../api/router.js';
import { DockbookError } from '../../errors.js';
import { VERSION } from '../../version.js';

const COMMON_HEADERS = {
  'Api-Version': API_VERSION,
  'Docker-Experimental': 'false',
  Ostype: 'linux',
  Server: `dockbook/${VERSION} (linux)`,
};

/** JSON bodies are parsed; a tar (docker load, import) arrives as bytes. */
async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const type = String(req.headers['content-type'] ?? '');
  // `docker import -` and `docker cp` (PUT …/archive) send their tar with no content type at all.
  if (/tar|octet-stream/.test(type) || /[?&]fromSrc=-(&|$)/.test(req.url ?? '') || (req.method === 'PUT' && /\/archive(\?|$)/.test(req.url ?? ''))) return new Uint8Array(Buffer.concat(chunks));
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new DockbookError('E_BAD_JSON', `invalid JSON: ${(e as Error).message}`);
  }
}

function toApiRequest(req: IncomingMessage, body: unknown): ApiRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const raw = q === -1 ? '' : url.slice(q + 1);
  return { method: req.method ?? 'GET', path: unversioned(q === -1 ? url : url.slice(0, q)), query: parseQuery(raw), body, rawQuery: raw };
}

async function send(result: ApiResult, res: ServerResponse): Promise<void> {
  switch (result.kind) {
    case 'json': {
      const body = JSON.stringify(result.body);
      res.writeHead(result.status, { ...COMMON_HEADERS, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    case 'empty':
      res.writeHead(result.status, { ...COMMON_HEADERS, ...result.headers }).end();
      return;
    case 'text':
      res.writeHead(result.status, { ...COMMON_HEADERS, 'Content-Type': result.contentType, 'Content-Length': Buffer.byteLength(result.body) });
      res.end(result.body);
      return;
    case 'stream': {
      res.writeHead(result.status, { ...COMMON_HEADERS, ...result.headers, 'Content-Type': result.contentType });
      res.flushHeaders();
      const closed = { aborted: false };
      res.on('close', () => { closed.aborted = true; });
      for await (const chunk of result.chunks(closed)) {
        if (closed.aborted) break;
        res.write(chunk);
      }
      res.end();
      return;
    }
    case 'hijack': {
      // A client that did not ask to upgrade still gets the raw stream, as from dockerd.
      res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': result.contentType });
      await result.run(connOf(res.socket!, () => res.end()));
      return;
    }
  }
}

function connOf(socket: Duplex, end: () => void): HijackedConn {
  const closed = { aborted: false };
  socket.on('close', () => { closed.aborted = true; });
  return {
    write: (d) => { if (!closed.aborted) socket.write(d); },
    // Not the socket's own async iterator: finishing it would destroy the socket,
    // and the output must go on after the client's stdin ends.
    input: (socket as Duplex & { iterator(o: { destroyOnReturn: boolean }): AsyncIterable<Uint8Array> }).iterator({ destroyOnReturn: false }),
    end,
    closed,
  };
}

/**
 * The body of an upgraded request (exec start sends JSON): exactly
 * Content-Length bytes from what arrived with the headers and the socket;
 * anything after it is the client's stdin and goes back to the socket.
 */
async function upgradeBody(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<unknown> {
  const length = Number(req.headers['content-length'] ?? 0);
  if (!length) {
    if (head.length) socket.unshift(head);
    return null;
  }
  let buf = head;
  while (buf.length < length) {
    const chunk = await new Promise<Buffer | null>((resolve) => {
      socket.once('data', (d: Buffer) => resolve(d));
      socket.once('end', () => resolve(null));
    });
    if (!chunk) break;
    buf = Buffer.concat([buf, chunk]);
  }
  // Back to paused: the handler reads stdin later, and nothing may be lost meanwhile.
  socket.pause();
  if (buf.length > length) socket.unshift(buf.subarray(length));
  try {
    return JSON.parse(buf.subarray(0, length).toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

export interface ApiServer {
  readonly path: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** The Engine API on a unix socket: HTTP/1.1 with JSON, and upgraded connections for attach. */
export async function startApiServer(ctx: ApiContext, socketPath: string): Promise<ApiServer> {
  const server = createServer((req, res) => {
    void (async () => {
      let result: ApiResult;
      try {
        result = await route(ctx, toApiRequest(req, await readBody(req)));
      } catch (e) {
        result = errorResult(e);
      }
      await send(result, res).catch(() => res.destroy());
    })();
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The client half-closes when its stdin ends; the output must still flow back.
    (socket as Duplex & { allowHalfOpen: boolean }).allowHalfOpen = true;
    void (async () => {
      const body = await upgradeBody(req, socket, head);
      const result = await route(ctx, toApiRequest(req, body));
      if (result.kind !== 'hijack') {
        const body = result.kind === 'json' ? JSON.stringify(result.body) : '';
        socket.end(`HTTP/1.1 ${result.kind === 'json' || result.kind === 'empty' ? result.status : 500} Error\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        return;
      }
      socket.write(`HTTP/1.1 101 UPGRADED\r\nContent-Type: ${result.contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nApi-Version: ${API_VERSION}\r\n\r\n`);
      await result.run(connOf(socket, () => socket.end())).catch(() => socket.destroy());
    })();
  });
  mkdirSync(dirname(socketPath), { recursive: true, mode: 0o711 });
  // A socket file left by a crashed daemon would make listen fail with EADDRINUSE.
  if (existsSync(socketPath)) unlinkSync(socketPath);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o660);
  return {
    path: socketPath,
    server,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
