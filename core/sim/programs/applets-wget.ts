import { strerror } from '../errno-text.js';
import { concat, SysError, text, type Program, type Sys } from '../sys.js';
import { getopt } from './io.js';
import { resolveHost } from './net-resolve.js';
import { connect, recv } from './net-streams.js';

interface Url {
  readonly host: string;
  /** host[:port] as written, which is what busybox names in "Connecting to". */
  readonly hostPort: string;
  readonly port: number;
  readonly path: string;
}

function parseUrl(u: string): Url | null {
  const m = /^http:\/\/([^/:?#]+)(?::(\d+))?([^#]*)/.exec(u);
  if (!m) return null;
  return { host: m[1]!, hostPort: m[2] ? `${m[1]}:${m[2]}` : m[1]!, port: m[2] ? Number(m[2]) : 80, path: m[3] || '/' };
}

/** busybox's progress line, as printed once the transfer is done. */
export function progressLine(name: string, bytes: number): string {
  let size = String(bytes).padStart(6);
  if (bytes >= 100000) {
    let v = bytes;
    let i = 0;
    while (v >= 100000) { v = Math.floor(v / 1024); i++; }
    size = `${String(v).padStart(5)}${' kMGTPEZY'[i]}`;
  }
  return `${name.slice(0, 20).padEnd(20)} 100% |${'*'.repeat(32)}|${size}  0:00:00 ETA\n`;
}

/**
 * wget [-q] [-O FILE|-] [-T SEC] http://HOST[:PORT]/PATH — a GET over the
 * packet model, with busybox's messages on stderr and exit 1 for a bad
 * address, a refused or unreachable connection, or an HTTP error status.
 */
export const wget: Program = async (sys) => {
  const { opts, rest } = getopt(sys.argv.slice(1), 'OTUYe');
  const quiet = opts.has('q');
  const say = async (s: string): Promise<void> => { if (!quiet) await sys.err(s); };
  const raw = rest[0];
  if (!raw) {
    await sys.err('BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n');
    return 1;
  }
  const url = parseUrl(raw.includes('://') ? raw : `http://${raw}`);
  if (!url) {
    await sys.err(`wget: not an http or ftp url: ${raw}\n`);
    return 1;
  }
  const ip = await resolveHost(sys, url.host);
  if (!ip) {
    await sys.err(`wget: bad address '${url.hostPort}'\n`);
    return 1;
  }
  await say(`Connecting to ${url.hostPort} (${ip}:${url.port})\n`);
  const timeout = opts.has('T') ? Number(opts.get('T')) * 1000 : undefined;
  let conn;
  try {
    conn = await connect(sys, { address: ip, port: url.port }, timeout);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await sys.err(`wget: ${e.errno === 'ETIMEDOUT' && timeout !== undefined ? 'download timed out' : `can't connect to remote host (${ip}): ${strerror(e.errno)}`}\n`);
    return 1;
  }
  try {
    conn.write(text.encode(`GET ${url.path} HTTP/1.1\r\nHost: ${url.hostPort}\r\nUser-Agent: Wget\r\nConnection: close\r\n\r\n`));
    const { status, headers, body } = await readResponse(sys, conn.inbox);
    if (status === null) {
      await sys.err('wget: error getting response: Connection reset by peer\n');
      return 1;
    }
    if (!/^HTTP\/1\.[01] 20[0-6]/.test(status)) {
      await sys.err(`wget: server returned error: ${status}\n`);
      return 1;
    }
    const length = Number(headers.get('content-length') ?? NaN);
    const data = Number.isFinite(length) ? body.subarray(0, length) : body;
    const target = opts.get('O') ?? (url.path.split('?')[0]!.split('/').pop() || 'index.html');
    if (target === '-') {
      await say('writing to stdout\n');
      await sys.write(1, data);
      await say(progressLine('-', data.length));
      await say('written to stdout\n');
    } else {
      await say(`saving to '${target}'\n`);
      try {
        const fd = sys.openWrite(target, false);
        sys.proc.fds.set(9, fd);
        await sys.write(9, data);
        sys.proc.fds.close(9);
      } catch (e) {
        await sys.err(`wget: can't open '${target}': ${strerror((e as SysError).errno ?? 'EIO')}\n`);
        return 1;
      }
      await say(progressLine(target.split('/').pop()!, data.length));
      await say(`'${target}' saved\n`);
    }
    return 0;
  } finally {
    conn.destroy();
  }
};

async function readResponse(sys: Sys, inbox: Parameters<typeof recv>[1]): Promise<{ status: string | null; headers: Map<string, string>; body: Uint8Array }> {
  const chunks: Uint8Array[] = [];
  for (let c = await recv(sys, inbox); c; c = await recv(sys, inbox)) chunks.push(c);
  const all = concat(chunks);
  const s = text.decode(all);
  const end = s.indexOf('\r\n\r\n');
  if (end < 0) return { status: null, headers: new Map(), body: new Uint8Array(0) };
  const [status, ...lines] = s.slice(0, end).split('\r\n');
  const headers = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()] as [string, string]));
  const headBytes = text.encode(s.slice(0, end + 4)).length;
  return { status: status ?? null, headers, body: all.subarray(headBytes) };
}
