import { promises as fs } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.md': 'text/markdown; charset=utf-8',
};

/** Serves a file from the built UI; unknown paths get index.html (client-side routes). */
export async function serveStatic(webRoot: string, urlPath: string, res: ServerResponse): Promise<void> {
  const rel = normalize(decodeURIComponent(urlPath.split('?')[0] ?? '/')).replace(/^([/\\])+/, '');
  let file = join(webRoot, rel);
  if (file !== webRoot && !file.startsWith(webRoot + sep)) {
    res.writeHead(403).end();
    return;
  }
  const st = await fs.stat(file).catch(() => null);
  if (!st || st.isDirectory()) file = join(webRoot, 'index.html');
  try {
    const body = await fs.readFile(file);
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('the web UI is not built: run npm start\n');
  }
}
