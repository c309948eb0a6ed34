import { ipSend } from '../net/ip-layer.js';
import type { Packet } from '../net/packet.js';
import { netWorld } from '../net/world.js';
import type { Program } from '../sys.js';
import { getopt } from './io.js';
import { resolveHost, TIMED_OUT, within } from './net-resolve.js';

/**
 * ping [-c N] [-W SEC] [-w SEC] [-s SIZE] [-q] HOST — ICMP echo through the
 * packet model, one a second, with busybox's lines. After the last echo it
 * waits for replies as busybox does: about two round trips (at least 1 s)
 * when something came back, else -W seconds (10). Exit 0 when any reply came.
 */
export const ping: Program = async (sys) => {
  const { opts, rest } = getopt(sys.argv.slice(1), 'cWwsIit');
  const host = rest[0];
  if (!host) {
    await sys.err('BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n');
    return 1;
  }
  const count = opts.has('c') ? Number(opts.get('c')) : Infinity;
  const waitMs = (opts.has('W') ? Number(opts.get('W')) : 10) * 1000;
  const deadline = opts.has('w') ? sys.machine.sched.now() + Number(opts.get('w')) * 1000 : Infinity;
  const size = opts.has('s') ? Number(opts.get('s')) : 56;
  const quiet = opts.has('q');
  const ip = await resolveHost(sys, host);
  if (!ip) {
    await sys.err(`ping: bad address '${host}'\n`);
    return 1;
  }
  const world = netWorld(sys.machine);
  const stack = sys.proc.ns.net.stack;
  const sched = sys.machine.sched;
  const id = stack.sockets.ephemeral((p) => stack.sockets.pings.has(p)) ?? 1;
  const rtts: number[] = [];
  const seen = new Set<number>();
  let sent = 0;
  let wake: (() => void) | null = null;
  const lines: string[] = [];
  stack.sockets.pings.set(id, (p: Packet) => {
    if (p.payload.kind !== 'icmp-echo-reply' || seen.has(p.payload.seq)) return;
    seen.add(p.payload.seq);
    const rtt = sched.now() - p.payload.sentAt;
    rtts.push(rtt);
    if (!quiet) lines.push(`${p.payload.size + 8} bytes from ${p.src}: seq=${p.payload.seq} ttl=${p.ttl} time=${rtt.toFixed(3)} ms\n`);
    wake?.();
  });
  const flush = async (): Promise<void> => {
    const out = lines.splice(0).join('');
    if (out) await sys.out(out);
  };
  /** Waits up to `ms` (and never past the -w deadline), printing replies as they come. */
  const waitFor = async (ms: number, until: () => boolean): Promise<void> => {
    const end = Math.min(sched.now() + ms, deadline);
    while (!until() && sched.now() < end) {
      await within(sys, new Promise<void>((r) => { wake = r; }), end - sched.now()).then((v) => v === TIMED_OUT ? undefined : v);
      wake = null;
      await flush();
    }
  };
  try {
    await sys.out(`PING ${host} (${ip}): ${size} data bytes\n`);
    while (sent < count && sched.now() < deadline) {
      const err = ipSend(world, stack, {
        proto: 'icmp', src: '', dst: ip, sport: id, dport: id, ttl: 64,
        payload: { kind: 'icmp-echo', id, seq: sent, size, sentAt: sched.now() },
      });
      if (err) {
        await sys.err('ping: sendto: Network is unreachable\n');
        return 1;
      }
      sent++;
      if (sent < count) await waitFor(1000, () => false);
    }
    const tmax = rtts.length ? Math.max(...rtts) : 0;
    await waitFor(rtts.length ? Math.max(1000, 2 * tmax) : waitMs, () => seen.size >= sent);
    await flush();
    const loss = sent === 0 ? 0 : Math.floor(((sent - rtts.length) * 100) / sent);
    let summary = `\n--- ${host} ping statistics ---\n${sent} packets transmitted, ${rtts.length} packets received, ${loss}% packet loss\n`;
    if (rtts.length) {
      const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
      summary += `round-trip min/avg/max = ${Math.min(...rtts).toFixed(3)}/${avg.toFixed(3)}/${tmax.toFixed(3)} ms\n`;
    }
    await sys.out(summary);
    return rtts.length ? 0 : 1;
  } finally {
    stack.sockets.pings.delete(id);
  }
};
