import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerStatus } from '../../web-api/status.js';
import { serveStatic } from './static-files.js';
import type { LiveLab } from './lab-live.js';
import { LAB_SOCKET_PATH } from '../../web-api/lab-protocol.js';

export interface LabServerOptions {
  readonly webRoot: string;
  /** Only loopback: the lab server drives a root engine and must not face a network. */
  readonly host: '127.0.0.1' | '::1';
  readonly port: number;
  readonly status: () => Promise<ServerStatus>;
  /** The running lab, served over a WebSocket at LAB_SOCKET_PATH. */
  readonly live?: LiveLab;
}

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startLabServer(opts: LabServerOptions): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/api/status') {
      opts.status().then(
        (s) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(s)),
        (e: unknown) => res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: String(e) })),
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    void serveStatic(opts.webRoot, path, res);
  });
  server.on('upgrade', (req, socket, head: Buffer) => {
    if (opts.live && (req.url ?? '').split('?')[0] === LAB_SOCKET_PATH) opts.live.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host === '::1' ? '[::1]' : opts.host;
  return {
    url: `http://${host}:${port}/`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
