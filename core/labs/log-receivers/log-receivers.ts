import { encode } from '@msgpack/msgpack';
import type { Kernel } from '../../kernel/kernel.js';
import type { NetNsRef, TcpListener, TcpStream, UdpSocket } from '../../kernel/types.js';
import type { LogReceiverSpec } from '../../../labs/lab-types.js';
import type { ReceivedLine, ReceiverInfo } from '../../../labs/observation-types.js';
import { forwardBatch, ForwardStream } from './forward-message.js';
import { SyslogFramer } from './syslog-framing.js';
import { parseSyslog } from './syslog-message.js';

const LISTEN_ADDRESS = '127.0.0.1';
const MAX_ERRORS = 20;

/** What one receiver has got so far. */
class Inbox {
  readonly lines: ReceivedLine[] = [];
  readonly errors: string[] = [];

  constructor(readonly spec: LogReceiverSpec) {}

  info(): ReceiverInfo {
    const { name, protocol, transport, port } = this.spec;
    return { name, protocol, transport, address: `${transport}://${LISTEN_ADDRESS}:${port}`, errors: [...this.errors] };
  }

  add(line: Omit<ReceivedLine, 'seq'>): void {
    this.lines.push({ seq: this.lines.length + 1, ...line });
  }

  error(text: string): void {
    this.errors.push(text);
    if (this.errors.length > MAX_ERRORS) this.errors.shift();
  }

  syslog(text: string): void {
    const m = parseSyslog(text);
    if (!m) return this.error(`not a syslog message: ${text.slice(0, 80)}`);
    const { msg, appName, ...fields } = m;
    this.add({ text: msg, tag: appName, fields: { ...fields, appName }, raw: text });
  }

  forward(message: unknown): string | null {
    try {
      const batch = forwardBatch(message);
      for (const e of batch.entries) {
        const record = Object.fromEntries(Object.entries(e.record).map(([k, v]) => [k, typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v)]));
        const log = typeof e.record['log'] === 'string' ? e.record['log'] : '';
        this.add({ text: log, tag: e.tag, fields: { mode: e.mode, time: e.time, ...record }, raw: JSON.stringify([e.tag, e.time, e.record]) });
      }
      return batch.ackChunk;
    } catch (e) {
      this.error((e as Error).message);
      return null;
    }
  }
}

/**
 * The syslog and fluentd servers a lab asked for, on the Kernel's sockets so
 * they run on either kernel: in the lab's host namespace (the sandbox's on
 * Linux), where the engine's log drivers dial. `stop()` closes every socket,
 * listening or accepted.
 */
export class LogReceivers {
  private readonly inboxes = new Map<string, Inbox>();
  private readonly closers: (() => Promise<void> | void)[] = [];

  private constructor() {}

  static async start(kernel: Kernel, specs: readonly LogReceiverSpec[], where: NetNsRef): Promise<LogReceivers> {
    const r = new LogReceivers();
    try {
      for (const spec of specs) await r.open(kernel, spec, where);
    } catch (e) {
      await r.stop();
      throw e;
    }
    return r;
  }

  private async open(kernel: Kernel, spec: LogReceiverSpec, where: NetNsRef): Promise<void> {
    const inbox = new Inbox(spec);
    this.inboxes.set(spec.name, inbox);
    const local = { address: LISTEN_ADDRESS, port: spec.port };
    if (spec.transport === 'udp') {
      const sock: UdpSocket = await kernel.udpBind(local, where);
      this.closers.push(() => sock.close());
      const dec = new TextDecoder();
      // One datagram is one message; Docker ends it with a newline anyway.
      sock.onMessage((data) => inbox.syslog(dec.decode(data).replace(/\n$/, '')));
      return;
    }
    const listener: TcpListener = await kernel.tcpListen(local, where);
    this.closers.push(() => listener.close());
    listener.onConnection((stream) => {
      this.closers.push(() => stream.destroy());
      if (spec.protocol === 'syslog') this.syslogStream(inbox, stream);
      else this.forwardStream(inbox, stream);
    });
  }

  private syslogStream(inbox: Inbox, stream: TcpStream): void {
    const framer = new SyslogFramer();
    stream.onData((d) => { for (const text of framer.push(d)) inbox.syslog(text); });
    stream.onEnd(() => { for (const text of framer.flush()) inbox.syslog(text); });
  }

  private forwardStream(inbox: Inbox, stream: TcpStream): void {
    const decoded = new ForwardStream((message) => {
      const chunk = inbox.forward(message);
      if (chunk !== null) void stream.write(encode({ ack: chunk })).catch(() => {});
    });
    decoded.done.catch((e: unknown) => inbox.error(`msgpack: ${(e as Error).message}`));
    stream.onData((d) => decoded.push(d));
    stream.onEnd(() => decoded.end());
  }

  infos(): ReceiverInfo[] {
    return [...this.inboxes.values()].map((i) => i.info());
  }

  /** The receiver's address and a copy of its lines, or null when the lab started no receiver of that name. */
  snapshot(name: string): { receiver: ReceiverInfo; lines: ReceivedLine[] } | null {
    const inbox = this.inboxes.get(name);
    return inbox ? { receiver: inbox.info(), lines: [...inbox.lines] } : null;
  }

  async stop(): Promise<void> {
    const all = this.closers.splice(0);
    for (const close of all.reverse()) {
      try { await close(); } catch { /* already closed by the peer */ }
    }
  }
}
