import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';

const DIST = join(import.meta.dirname, '..', '..', 'dist', 'web');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

export interface StaticHost {
  readonly server: Server;
  readonly url: string;
}

/** Serves the built UI like any static web host would: it knows nothing about dockbook (no /api at all). */
export function staticHost(): Promise<StaticHost> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(DIST, path.endsWith('/') ? `${path}index.html` : path);
    readFile(file).then(
      (body) => { res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }); res.end(body); },
      () => { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); },
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    resolve({ server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/` });
  }));
}

/**
 * The built UI on a static host and a Chromium to look at it, for one
 * describe block: started before its tests, closed after them. Read the
 * fields inside tests (they are set in beforeAll).
 */
export function useStaticBrowser(): { host: StaticHost; browser: Browser } {
  const ctx = {} as { host: StaticHost; browser: Browser };
  beforeAll(async () => {
    ctx.host = await staticHost();
    ctx.browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await ctx.browser?.close();
    ctx.host?.server.close();
  });
  return ctx;
}
