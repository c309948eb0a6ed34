import { encode, ExtData } from '@msgpack/msgpack';
import { KernelError } from '../../kernel/kernel-error.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { NetNsRef, RemoteLogDriver, SocketAddress } from '../../kernel/types.js';
import { lineRelay } from './line-relay.js';

/**
 * The shim's syslog and fluentd drivers in TypeScript, byte for byte what
 * native/log-syslog.c and log-fluentd.c send, over the Kernel's sockets: the
 * simulator's shim sends with them, and so does the engine for a TTY
 * container (whose output reaches the engine, not the shim).
 */

const SEV_ERR = 3;
const SEV_INFO = 6;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** Go's time.RFC3339 in UTC (the simulated host's zone); micro: up to 6 fraction digits, trailing zeros dropped. */
function rfc3339(ms: number, micro: boolean): string {
  const iso = new Date(Math.floor(ms)).toISOString().slice(0, 19);
  if (!micro) return `${iso}Z`;
  const frac = String(Math.floor((ms % 1000) * 1000)).padStart(6, '0').replace(/0+$/, '');
  return `${iso}${frac ? `.${frac}` : ''}Z`;
}

/** Go's time.Stamp: "Jan _2 15:04:05". */
function stamp(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

export interface LogLine {
  readonly stream: 'stdout' | 'stderr';
  /** Without its newline. */
  readonly text: string;
  readonly ms: number;
}

export function syslogMessage(d: Extract<RemoteLogDriver, { kind: 'syslog' }>, line: LogLine, host: string, pid: number): string {
  const pri = d.facility * 8 + (line.stream === 'stderr' ? SEV_ERR : SEV_INFO);
  let head: string;
  if (d.format === 'rfc5424' || d.format === 'rfc5424micro') head = `<${pri}>1 ${rfc3339(line.ms, d.format === 'rfc5424micro')} ${host} ${d.tag} ${pid} ${d.tag} - `;
  else if (d.format === 'rfc3164') head = `<${pri}>${stamp(line.ms)} ${host} ${d.tag}[${pid}]: `;
  // No syslog-format: dockerd's default on every transport.
  else head = `<${pri}>${stamp(line.ms)} ${d.tag}[${pid}]: `;
  return `${head}${line.text}\n`;
}

/** `[tag, time, {container_id, container_name, source, log}]`; time an EventTime (ext 0) with sub-second precision. */
export function fluentdMessage(d: Extract<RemoteLogDriver, { kind: 'fluentd' }>, line: LogLine): Uint8Array {
  const sec = Math.floor(line.ms / 1000);
  let time: number | ExtData = sec;
  if (d.subSecond) {
    const b = new Uint8Array(8);
    const v = new DataView(b.buffer);
    v.setUint32(0, sec);
    v.setUint32(4, Math.round((line.ms % 1000) * 1e6));
    time = new ExtData(0, b);
  }
  return encode([d.tag, time, { container_id: d.containerId, container_name: d.containerName, source: line.stream, log: line.text }]);
}

/** A connected log receiver: bytes go out in order; a message that cannot go is dropped, as the shim drops it. */
export interface LogSender {
  send(data: Uint8Array): void;
  close(): void;
}

function inet(address: string): { proto: 'udp' | 'tcp'; to: SocketAddress } | null {
  const m = /^(udp|tcp):(.*):(\d+)$/.exec(address);
  return m ? { proto: m[1] as 'udp' | 'tcp', to: { address: m[2]!.replace(/^\[|\]$/g, ''), port: Number(m[3]) } } : null;
}

/**
 * Dials the receiver when the container starts, as Docker does: over TCP
 * nobody listening fails the start; UDP cannot tell. The Kernel has no unix
 * sockets, so unix and unixgram addresses fail as a missing socket does.
 */
export async function dialLogReceiver(kernel: Pick<Kernel, 'udpBind' | 'tcpConnect'>, driver: RemoteLogDriver, where: NetNsRef): Promise<LogSender> {
  const target = inet(driver.address);
  if (!target) throw new KernelError('connect', driver.address, 'ENOENT', { hint: 'the simulator has no unix sockets: use udp:// or tcp://' });
  let chain = Promise.resolve();
  const queue = (fn: () => Promise<void>) => { chain = chain.then(fn).catch(() => {}); };
  if (target.proto === 'udp') {
    const sock = await kernel.udpBind({ address: '0.0.0.0', port: 0 }, where);
    return { send: (d) => queue(() => sock.send(d, target.to)), close: () => queue(() => sock.close()) };
  }
  const stream = await kernel.tcpConnect(target.to, where);
  return { send: (d) => queue(() => stream.write(d)), close: () => queue(() => stream.end()) };
}

/**
 * One stream of a container cut into lines, each encoded as the driver sends it
 * and handed to `sender`. Docker's copier cuts at each newline and keeps the rest
 * as it came (a terminal's \r too). `host` and `pid` fill syslog's header.
 */
export function lineSender(
  sender: LogSender, driver: RemoteLogDriver, stream: 'stdout' | 'stderr', origin: { readonly host: string; readonly pid: number }, now: () => number,
): { write(d: Uint8Array): void; close(): void } {
  return lineRelay((raw) => {
    const line = { stream, text: raw.replace(/\n$/, ''), ms: now() };
    sender.send(driver.kind === 'syslog' ? new TextEncoder().encode(syslogMessage(driver, line, origin.host, origin.pid)) : fluentdMessage(driver, line));
  });
}
