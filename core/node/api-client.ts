import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { API_VERSION } from '../api/api-context.js';
import { queryString, type ApiCall, type ApiReply, type ApiTransport } from '../cli/docker/transport.js';
import { DockbookError } from '../errors.js';

/** Where the engine listens: $DOCKBOOK_HOST (unix:///path) or /run/dockbook/dockbook.sock. */
export function engineSocket(env: Readonly<Record<string, string | undefined>>, runDir: string): string {
  const host = env['DOCKBOOK_HOST'];
  if (host) return host.replace(/^unix:\/\//, '');
  return `${runDir}/dockbook.sock`;
}

function cannotConnect(socketPath: string, e: unknown): DockbookError {
  return new DockbookError('E_NO_DAEMON', `Cannot connect to the dockbook daemon at unix://${socketPath}. Is the daemon running?`, {
    hint: "start it with 'dockbook daemon' (or 'npm start')", cause: e, exitCode: 1,
  });
}

function bodyOf(c: ApiCall): Buffer | undefined {
  if (c.body === undefined) return undefined;
  return c.body instanceof Uint8Array ? Buffer.from(c.body.buffer, c.body.byteOffset, c.body.byteLength) : Buffer.from(JSON.stringify(c.body));
}

/**
 * stdin onto a hijacked connection, then a half-close: the engine reads
 * end-of-file while the output keeps coming back on the same socket.
 */
async function sendInput(socket: Socket, input: AsyncIterable<Uint8Array>): Promise<void> {
  try {
    for await (const chunk of input) {
      if (socket.destroyed) return;
      if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
    }
    socket.end();
  } catch { /* the connection is gone */ }
}

/** The Engine API over its unix socket, with docker's path versioning. */
export function socketTransport(socketPath: string): ApiTransport {
  const open = (c: ApiCall, upgrade: boolean) => {
    const body = bodyOf(c);
    return httpRequest({
      socketPath, method: c.method, path: `/v${API_VERSION}${c.path}${queryString(c.query)}`,
      headers: {
        Host: 'dockbook',
        ...(body !== undefined ? { 'Content-Type': c.body instanceof Uint8Array ? 'application/x-tar' : 'application/json', 'Content-Length': body.length } : {}),
        ...(upgrade ? { Connection: 'Upgrade', Upgrade: 'tcp' } : {}),
      },
    });
  };

  return {
    request: (c) => new Promise<ApiReply>((resolve, reject) => {
      const req = open(c, false);
      req.on('error', (e) => reject(cannotConnect(socketPath, e)));
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
          if (/tar|octet-stream/.test(String(res.headers['content-type'] ?? ''))) {
            resolve({ status: res.statusCode ?? 0, body: null, headers, bytes: new Uint8Array(raw) });
            return;
          }
          const text = raw.toString('utf8');
          let body: unknown = null;
          try { body = text ? JSON.parse(text) : null; } catch { body = text; }
          resolve({ status: res.statusCode ?? 0, body, headers });
        });
      });
      const body = bodyOf(c);
      if (body !== undefined) req.write(body);
      req.end();
    }),

    async *stream(c) {
      const upgrade = c.path.endsWith('/attach') || /^\/exec\/[^/]+\/start$/.test(c.path);
      const req = open(c, upgrade);
      const source = await new Promise<AsyncIterable<Uint8Array>>((resolve, reject) => {
        req.on('error', (e) => reject(cannotConnect(socketPath, e)));
        req.on('upgrade', (_res, socket: Socket, head: Buffer) => {
          if (c.input) void sendInput(socket, c.input);
          resolve((async function* () {
            if (head.length) yield head;
            yield* socket as AsyncIterable<Uint8Array>;
          })());
        });
        req.on('response', (res: IncomingMessage) => {
          if ((res.statusCode ?? 500) >= 400) {
            const chunks: Buffer[] = [];
            res.on('data', (d: Buffer) => chunks.push(d));
            res.on('end', () => {
              let message = Buffer.concat(chunks).toString('utf8');
              try { message = (JSON.parse(message) as { message: string }).message; } catch { /* plain text */ }
              reject(new DockbookError('E_DAEMON', `Error response from daemon: ${message}`, { exitCode: 1 }));
            });
            return;
          }
          resolve(res as AsyncIterable<Uint8Array>);
        });
        const body = bodyOf(c);
        if (body !== undefined) req.write(body);
        req.end();
      });
      yield* source;
    },
  };
}
