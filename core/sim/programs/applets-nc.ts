import { strerror } from '../errno-text.js';
import { NetError } from '../net/net-error.js';
import { tcpListen } from '../net/tcp.js';
import { netWorld } from '../net/world.js';
import { SysError, type Program } from '../sys.js';
import { getopt } from './io.js';
import { resolveHost } from './net-resolve.js';
import { connect, pumpFromSocket, pumpToSocket } from './net-streams.js';

/**
 * nc HOST PORT, or nc -l -p PORT: one TCP connection, stdin to the peer
 * (FIN at end of input) and the peer to stdout; done when the peer is.
 */
export const nc: Program = async (sys) => {
  const { opts, rest } = getopt(sys.argv.slice(1), 'pwsqe');
  const timeout = opts.has('w') ? Number(opts.get('w')) * 1000 : undefined;
  let conn;
  if (opts.has('l')) {
    const port = Number(opts.get('p') ?? rest[0] ?? 0);
    let listener;
    try {
      listener = tcpListen(netWorld(sys.machine), sys.proc.ns.net.stack, { address: opts.get('s') ?? '0.0.0.0', port });
    } catch (e) {
      await sys.err(`nc: bind: ${strerror(e instanceof NetError ? e.errno : 'EINVAL')}\n`);
      return 1;
    }
    try {
      conn = await sys.proc.block(listener.accept());
    } finally {
      listener.close();
    }
    if (!conn) return 1;
  } else {
    const [host, portText] = rest;
    if (!host || !portText) {
      await sys.err('BusyBox v1.36.1 multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n');
      return 1;
    }
    const ip = await resolveHost(sys, host);
    if (!ip) {
      await sys.err(`nc: bad address '${host}'\n`);
      return 1;
    }
    try {
      conn = await connect(sys, { address: ip, port: Number(portText) }, timeout);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await sys.err(e.errno === 'ETIMEDOUT' ? 'nc: timed out\n' : `nc: can't connect to remote host (${ip}): ${strerror(e.errno)}\n`);
      return 1;
    }
  }
  const c = conn;
  try {
    void pumpToSocket(sys, 0, c).catch(() => {});
    // Like busybox: the peer's end of stream ends nc, whatever stdin still holds.
    await pumpFromSocket(sys, c, 1);
    return 0;
  } finally {
    // exit() closes the socket: a FIN, not a reset (nothing unread is left behind).
    c.end();
  }
};
