import type { Inbox } from '../net/inbox.js';
import { NetError } from '../net/net-error.js';
import { tcpConnect, type Addr, type TcpConnection } from '../net/tcp.js';
import { netWorld } from '../net/world.js';
import { concat, SysError, type Sys } from '../sys.js';
import { TIMED_OUT, within } from './net-resolve.js';

/** connect(2) from the process's namespace; failures carry the errno and strerror text busybox prints. */
export async function connect(sys: Sys, to: Addr, timeoutMs?: number): Promise<TcpConnection> {
  const attempt = tcpConnect(netWorld(sys.machine), sys.proc.ns.net.stack, to);
  attempt.catch(() => {});
  try {
    const r = timeoutMs === undefined ? await sys.proc.block(attempt) : await within(sys, attempt, timeoutMs);
    if (r === TIMED_OUT) {
      void attempt.then((c) => c.destroy(), () => {});
      throw new SysError('ETIMEDOUT', 'Connection timed out');
    }
    return r;
  } catch (e) {
    if (e instanceof NetError) throw new SysError(e.errno, e.message);
    throw e;
  }
}

/** The next chunk a connection received, or null at its end; a signal still interrupts. */
export function recv(sys: Sys, inbox: Inbox<Uint8Array>): Promise<Uint8Array | null> {
  return sys.proc.block(inbox.next());
}

export async function recvAll(sys: Sys, inbox: Inbox<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for (let c = await recv(sys, inbox); c; c = await recv(sys, inbox)) chunks.push(c);
  return concat(chunks);
}

/** Copies fd → connection until end of input, then half-closes (FIN). */
export async function pumpToSocket(sys: Sys, fd: number, c: TcpConnection): Promise<void> {
  for (let d = await sys.read(fd); d; d = await sys.read(fd)) {
    if (c.state !== 'ESTABLISHED') return;
    try {
      c.write(d);
    } catch {
      return;
    }
  }
  c.end();
}

/** Copies the connection → fd until the peer finishes. */
export async function pumpFromSocket(sys: Sys, c: TcpConnection, fd: number): Promise<void> {
  for (let d = await recv(sys, c.inbox); d; d = await recv(sys, c.inbox)) await sys.write(fd, d);
}
