import type { Kernel } from '../../kernel/kernel.js';
import type { NetNsRef, RemoteLogDriver } from '../../kernel/types.js';
import type { ContainerRecordV1 } from '../model.js';
import { localLogPath, logStdio } from './log-stdio.js';
import { dialLogReceiver, lineSender } from './remote-log.js';
import { ttyLogWriter } from './tty-log.js';

/** What becomes of a TTY container's output: a listener for its terminal, and how to let go of the receiver. */
export interface TtyOutput {
  readonly listener?: (chunk: Uint8Array) => void;
  close(): void;
}

/**
 * A TTY container's output comes through the pty master the engine holds, not
 * through the shim, so the engine does the shim's logging for it: the
 * json-file log (or a remote driver's local cache), and each line to the
 * syslog or fluentd receiver. As with the shim, a TCP receiver that is not
 * there fails the start (`receiverRequired`; a terminal taken back after a
 * restart keeps its local log instead). Unix-socket receivers get nothing
 * from a TTY container: the Kernel has no unix sockets. `shimPid` fills
 * syslog's PID field, as the shim's own pid does for other containers.
 */
export async function ttyOutput(kernel: Kernel, rec: ContainerRecordV1, shimPid: number, where: NetNsRef, receiverRequired = true): Promise<TtyOutput> {
  const path = localLogPath(rec);
  const local = path ? ttyLogWriter(kernel, path) : null;
  const logs = logStdio(rec);
  const dial = logs.kind === 'log-driver' && /^(udp|tcp):/.test(logs.driver.address) ? remoteLines(kernel, logs.driver, shimPid, where) : null;
  const remote = dial && !receiverRequired ? await dial.catch(() => null) : await dial;
  if (!local && !remote) return { close: () => {} };
  return {
    listener: (chunk) => { local?.(chunk); remote?.write(chunk); },
    close: () => remote?.close(),
  };
}

async function remoteLines(kernel: Kernel, driver: RemoteLogDriver, pid: number, where: NetNsRef): Promise<{ write(d: Uint8Array): void; close(): void }> {
  const sender = await dialLogReceiver(kernel, driver, where);
  const host = driver.kind === 'syslog' ? (await kernel.uname()).nodename : '';
  // A terminal has one stream: everything goes as stdout.
  const relay = lineSender(sender, driver, 'stdout', { host, pid }, () => kernel.now());
  return { write: (d) => relay.write(d), close: () => { relay.close(); sender.close(); } };
}
