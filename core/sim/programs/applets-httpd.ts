import { FileDesc } from '../file-desc.js';
import { forkProcess, runProcess } from '../process-ops.js';
import { NetError } from '../net/net-error.js';
import { tcpListen, type TcpConnection } from '../net/tcp.js';
import { netWorld } from '../net/world.js';
import { strerror } from '../errno-text.js';
import { text, type Program, type Sys } from '../sys.js';
import { getopt } from './io.js';
import { recv } from './net-streams.js';

const TYPES: Record<string, string> = {
  html: 'text/html', htm: 'text/html', txt: 'text/plain', css: 'text/css', js: 'application/javascript',
  json: 'application/json', png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml',
};

const ERRORS: Record<number, [string, string]> = {
  301: ['Moved Permanently', ''],
  403: ['Forbidden', 'The requested file is forbidden'],
  404: ['Not Found', 'The requested URL was not found'],
  501: ['Not Implemented', 'The requested method is not recognized'],
};

/**
 * httpd [-f] [-v] [-p [IP:]PORT] [-h HOME] — busybox's static file server:
 * GET and HEAD, index.html for directories, one request per connection
 * (Connection: close), its exact status pages. Without -f it goes to the
 * background as a child and the command returns at once.
 */
export const httpd: Program = async (sys) => {
  const { opts } = getopt(sys.argv.slice(1), 'phcrmeduPiRHMs');
  const spec = opts.get('p') ?? '80';
  const colon = spec.lastIndexOf(':');
  const address = colon >= 0 ? spec.slice(0, colon) : '0.0.0.0';
  const port = Number(colon >= 0 ? spec.slice(colon + 1) : spec);
  const home = sys.fs.absolute(opts.get('h') ?? '.');
  let listener;
  try {
    listener = tcpListen(netWorld(sys.machine), sys.proc.ns.net.stack, { address, port });
  } catch (e) {
    await sys.err(`httpd: bind: ${strerror(e instanceof NetError ? e.errno : 'EINVAL')}\n`);
    return 1;
  }
  if (!opts.has('f')) {
    // Daemonize: the listening socket goes with the child; the parent returns 0.
    const child = forkProcess(sys.machine, sys.proc);
    child.argv = [...sys.argv];
    // bb_daemonize: stdio goes to /dev/null, so whoever reads our output sees its end now.
    for (const fd of [0, 1, 2]) child.fds.set(fd, new FileDesc({ kind: 'null' }, '/dev/null'));
    const l = listener;
    void runProcess(sys.machine, child, (s) => serve(s, l, home, opts.has('v')));
    return 0;
  }
  return serve(sys, listener, home, opts.has('v'));
};

async function serve(sys: Sys, listener: ReturnType<typeof tcpListen>, home: string, verbose: boolean): Promise<number> {
  try {
    for (let c = await sys.proc.block(listener.accept()); c; c = await sys.proc.block(listener.accept())) {
      const conn = c;
      void answer(sys, conn, home, verbose).catch(() => conn.destroy());
    }
    return 0;
  } finally {
    listener.close();
  }
}

async function answer(sys: Sys, c: TcpConnection, home: string, verbose: boolean): Promise<void> {
  let head = '';
  while (!head.includes('\r\n\r\n') && !head.includes('\n\n')) {
    const d = await recv(sys, c.inbox);
    if (!d) break;
    head += text.decode(d);
  }
  const [method = '', rawPath = '/'] = (head.split(/\r?\n/)[0] ?? '').split(' ');
  if (verbose) await sys.err(`${c.remote.address}:${c.remote.port}: url:${rawPath}\n`).catch(() => {});
  const send = (s: string | Uint8Array): void => { if (c.state === 'ESTABLISHED') c.write(typeof s === 'string' ? text.encode(s) : s); };
  const date = new Date(sys.machine.now()).toUTCString();
  const status = (code: number, extra = ''): void => {
    const [reason, message] = ERRORS[code]!;
    send(`HTTP/1.1 ${code} ${reason}\r\nDate: ${date}\r\nConnection: close\r\n${extra}Content-type: text/html\r\n\r\n`);
    if (message) send(`<HTML><HEAD><TITLE>${code} ${reason}</TITLE></HEAD>\n<BODY><H1>${code} ${reason}</H1>\n${message}\n</BODY></HTML>\n`);
  };
  if (method !== 'GET' && method !== 'HEAD') status(501);
  else {
    const path = decodeURIComponent(rawPath.split('?')[0]!);
    const clean = path.split('/').filter((p) => p && p !== '.' && p !== '..').join('/');
    let file = `${home}/${clean}`.replace(/\/+$/, '') || '/';
    const st = sys.call(() => (sys.fs.exists(file) ? sys.fs.stat(file) : null));
    if (st?.type === 'dir' && !path.endsWith('/')) status(301, `Location: ${path}/\r\n`);
    else {
      if (st?.type === 'dir') file = `${file}/index.html`;
      const fst = sys.call(() => (sys.fs.exists(file) ? sys.fs.stat(file) : null));
      if (!fst || fst.type !== 'file') status(404);
      else {
        let body: Uint8Array | null = null;
        try {
          body = sys.readFile(file);
        } catch { /* unreadable */ }
        if (!body) status(403);
        else {
          const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
          const mtime = Math.floor(fst.mtimeMs / 1000);
          send(`HTTP/1.1 200 OK\r\nDate: ${date}\r\nConnection: close\r\nContent-type: ${TYPES[ext] ?? 'application/octet-stream'}\r\n`
            + `Accept-Ranges: bytes\r\nLast-Modified: ${new Date(mtime * 1000).toUTCString()}\r\nETag: "${mtime.toString(16)}-${body.length.toString(16)}"\r\n`
            + `Content-Length: ${body.length}\r\n\r\n`);
          if (method === 'GET') send(body);
        }
      }
    }
  }
  c.end();
}
