import { decodeReply, encodeQuery, type DnsReply } from '../../network/dns-wire.js';
import { isIpv4 } from '../net/ipv4.js';
import { udpBind } from '../net/udp.js';
import { netWorld } from '../net/world.js';
import { text, type Sys } from '../sys.js';

/** How long the stub resolver waits for one server's answer, and how many times it asks (resolv.conf's defaults). */
const TIMEOUT_MS = 5000;
const ATTEMPTS = 2;

export const TIMED_OUT = Symbol('timed out');

/** Awaits `p` for at most `ms` of virtual time (a fatal signal still cuts it short); the timer is cancelled when `p` wins. */
export async function within<T>(sys: Sys, p: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let cancel = (): void => {};
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => { cancel = sys.machine.sched.at(ms, () => resolve(TIMED_OUT)); });
  try {
    return await sys.proc.block(Promise.race([p, timeout]));
  } finally {
    cancel();
  }
}

export function fileText(sys: Sys, path: string): string {
  try {
    return text.decode(sys.readFile(path));
  } catch {
    return '';
  }
}

/** The first address for `name` in /etc/hosts. */
export function hostsLookup(sys: Sys, name: string): string | null {
  for (const line of fileText(sys, '/etc/hosts').split('\n')) {
    const [addr, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (addr && isIpv4(addr) && names.includes(name)) return addr;
  }
  return null;
}

export function nameservers(sys: Sys): string[] {
  const out: string[] = [];
  for (const line of fileText(sys, '/etc/resolv.conf').split('\n')) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    if (m && isIpv4(m[1]!)) out.push(m[1]!);
  }
  return out;
}

/** One DNS question over UDP from the process's namespace; null when no answer came in time (or the port was refused). */
export async function dnsQuery(sys: Sys, server: string, name: string, type: 'A' | 'AAAA' = 'A', port = 53): Promise<DnsReply | null> {
  const world = netWorld(sys.machine);
  const sock = udpBind(world, sys.proc.ns.net.stack, { address: '0.0.0.0', port: 0 });
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const id = (sys.machine.vfs.random.nextUint32() & 0xffff);
      try {
        sock.send(encodeQuery(id, name, type), { address: server, port });
      } catch {
        return null;
      }
      const deadline = sys.machine.sched.now() + TIMEOUT_MS;
      for (;;) {
        const left = deadline - sys.machine.sched.now();
        if (left <= 0) break;
        const d = await within(sys, sock.inbox.next(), left);
        if (d === TIMED_OUT) break;
        if (d === null || d.refused) return null;
        const r = decodeReply(d.data);
        if (r && r.id === id) return r;
      }
    }
    return null;
  } finally {
    sock.close();
  }
}

/**
 * What busybox's getaddrinfo does for a host name: a dotted quad as it
 * is, else /etc/hosts, else an A query to each nameserver in
 * /etc/resolv.conf in turn. Null: the name does not resolve.
 */
export async function resolveHost(sys: Sys, name: string): Promise<string | null> {
  if (isIpv4(name)) return name;
  const fromHosts = hostsLookup(sys, name);
  if (fromHosts) return fromHosts;
  for (const server of nameservers(sys)) {
    const r = await dnsQuery(sys, server, name);
    const a = r?.answers.find((x) => x.type === 'A');
    if (a) return a.data;
    if (r && r.rcode === 3) return null;
  }
  return null;
}
