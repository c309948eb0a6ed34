import type { Kernel } from '../../core/kernel/kernel.js';
import { natRuleset } from '../../core/network/port-rules.js';
import { runProgram } from '../../core/network/run-program.js';
import type { BridgeLab, MacvlanLab } from './net-topology.js';

/**
 * Network scenarios written once against the Kernel interface and busybox,
 * run on the real kernel and on the simulator; each returns what a learner
 * would see, normalised where the two legitimately differ (round-trip times).
 */

const BUSYBOX = '/bin/busybox';

export interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

async function readAll(s: AsyncIterable<Uint8Array> | null): Promise<string> {
  if (!s) return '';
  const chunks: Uint8Array[] = [];
  for await (const c of s) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

/** Processes the scenarios started and that have not exited yet, per kernel: a failing test ends them by pid. */
const running = new Map<Kernel, Set<number>>();

function track(k: Kernel, p: { pid: number; exited: Promise<unknown> }): void {
  const mine = running.get(k) ?? new Set<number>();
  running.set(k, mine);
  mine.add(p.pid);
  void p.exited.finally(() => mine.delete(p.pid));
}

/** Kills, by pid, whatever a scenario left running on this kernel (a test that failed half-way). */
export async function killLeftovers(k: Kernel): Promise<void> {
  for (const pid of running.get(k) ?? []) await k.kill(pid, 'SIGKILL').catch(() => {});
  running.delete(k);
}

export async function runIn(k: Kernel, netns: string | undefined, args: string[], stdin?: string): Promise<Run> {
  const p = await k.spawn({ argv: [BUSYBOX, ...args], env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' }, namespaces: netns ? { join: { net: netns } } : undefined });
  track(k, p);
  // A program that fails at once (refused) may be gone before its stdin is written: EPIPE is no failure here.
  // Writing to or ending the stdin of a process already gone may never settle on Linux: the exit wins the race.
  if (stdin !== undefined) await Promise.race([p.stdin!.write(stdin).catch(() => {}), p.exited]);
  if (p.stdin) await Promise.race([p.stdin.end().catch(() => {}), p.exited]);
  const [out, err, status] = await Promise.all([readAll(p.stdout), readAll(p.stderr), p.exited]);
  return { code: status.code, out, err };
}

/** Ping's lines with the timings taken out. */
export function normalisePing(out: string): string {
  return out.replace(/time=\d+(\.\d+)? ms/g, 'time=T ms').replace(/round-trip min\/avg\/max = [\d./]+ ms/, 'round-trip min/avg/max = T ms');
}

/** Turns routing on in the namespace playing the host, as Docker does. */
export async function enableForwarding(k: Kernel, lab: BridgeLab): Promise<void> {
  const r = await runIn(k, lab.host, ['sysctl', '-w', 'net.ipv4.ip_forward=1']);
  if (r.code !== 0) throw new Error(`sysctl failed: ${r.err}`);
}

/** `ping -c 1 -W 1` from every namespace to every address of the lab: exit code and normalised output. */
export async function pingMatrix(k: Kernel, lab: BridgeLab): Promise<Record<string, string>> {
  const from: Record<string, string | undefined> = { a: lab.a.netns, b: lab.b.netns, outside: lab.outside.netns, host: lab.host };
  const to: Record<string, string> = {
    a: lab.a.ip, b: lab.b.ip, gateway: lab.gateway, outside: lab.outside.ip, 'host-outside-side': lab.outside.hostIp,
    loopback: '127.0.0.1', nobody: lab.gateway.replace(/\.1$/, '.99'), 'no-route': '192.0.2.1',
  };
  const out: Record<string, string> = {};
  const jobs = Object.entries(from).flatMap(([f, ns]) => Object.entries(to).map(async ([t, ip]) => {
    const r = await runIn(k, ns, ['ping', '-c', '1', '-W', '1', ip]);
    out[`${f} → ${t}`] = `exit ${r.code}: ${normalisePing(r.out + r.err).replaceAll(ip, t).split('\n').filter(Boolean).join(' | ')}`;
  }));
  await Promise.all(jobs);
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => x.localeCompare(y)));
}

/**
 * One TCP exchange with busybox nc: a server in `serverNs` on `port` that
 * says "hello from server", a client that says "hi from client". The
 * server's stdin stays open so the client's FIN is what ends the exchange.
 */
export async function ncExchange(k: Kernel, serverNs: string | undefined, port: number, clientNs: string | undefined, address: string, clientPort = port): Promise<{ client: Run; server: string | null }> {
  const server = await k.spawn({ argv: [BUSYBOX, 'nc', '-l', '-p', String(port)], env: { PATH: '/bin' }, namespaces: serverNs ? { join: { net: serverNs } } : undefined });
  track(k, server);
  await server.stdin!.write('hello from server\n');
  const serverOut = readAll(server.stdout);
  await k.sleep(300);
  const client = await runIn(k, clientNs, ['nc', address, String(clientPort)], 'hi from client\n');
  if (client.code !== 0) {
    await k.kill(server.pid, 'SIGKILL').catch(() => {});
    await server.exited;
    return { client, server: null };
  }
  // The client's FIN ends the server (busybox nc exits at the end of its socket); its stdin is left alone,
  // since ending a pipe whose reader has gone never settles on Linux.
  await server.exited;
  return { client, server: await serverOut };
}

/** A client that finds nobody (refused, unreachable, no route): what nc says. */
export async function ncFails(k: Kernel, clientNs: string | undefined, address: string, port: number): Promise<Run> {
  return runIn(k, clientNs, ['nc', address, String(port)], '');
}

/** The engine's own NAT table for one published port (8080 → b:80), loaded with nft in the host role. */
export async function publish(k: Kernel, lab: BridgeLab, table: string): Promise<void> {
  const text = natRuleset(table, {
    dnat: [{ binding: { container: 'web', hostIp: '', hostPort: 8080, containerPort: 80, proto: 'tcp' }, containerIp: lab.b.ip, bridge: lab.bridge }],
    masquerade: [{ subnet: `${lab.gateway.replace(/\.1$/, '.0')}/24`, bridge: lab.bridge }],
  });
  const r = await runProgram(k, ['/usr/sbin/nft', '-f', '-'], { stdin: text, ...(lab.host ? { netns: lab.host } : {}) });
  if (r.code !== 0) throw new Error(`nft failed: ${r.stderr}`);
}

/** Who reaches the published port, and how: from outside, from the host itself (its address, then 127.0.0.1), from a container on the bridge. */
export async function dnatMatrix(k: Kernel, lab: BridgeLab): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const describe = (x: { client: Run; server: string | null }): string =>
    x.client.code === 0 ? `ok: client got ${JSON.stringify(x.client.out)}, server got ${JSON.stringify(x.server)}` : `exit ${x.client.code}: ${x.client.err.trim()}`;
  result['outside → host:8080'] = describe(await ncExchange(k, lab.b.netns, 80, lab.outside.netns, lab.outside.hostIp, 8080));
  result['host → own bridge address:8080'] = describe(await ncExchange(k, lab.b.netns, 80, lab.host, lab.gateway, 8080));
  result['host → 127.0.0.1:8080'] = describe(await ncExchange(k, lab.b.netns, 80, lab.host, '127.0.0.1', 8080));
  result['a → gateway:8080 (from the bridge)'] = describe(await ncExchange(k, lab.b.netns, 80, lab.a.netns, lab.gateway, 8080));
  return result;
}

/** Ping between the macvlan lab's namespaces and the host, plus whether each child has a MAC of its own. */
export async function macvlanMatrix(k: Kernel, lab: MacvlanLab): Promise<Record<string, string>> {
  const who: Record<string, { netns: string | undefined; ip: string }> = {
    host: { netns: lab.host, ip: lab.hostIp }, lan: lab.lan, c1: lab.c1, c2: lab.c2,
  };
  const out: Record<string, string> = {};
  await Promise.all(Object.entries(who).flatMap(([f, src]) => Object.entries(who).filter(([t]) => t !== f).map(async ([t, dst]) => {
    const r = await runIn(k, src.netns, ['ping', '-c', '1', '-W', '1', dst.ip]);
    out[`${f} → ${t}`] = `exit ${r.code}`;
  })));
  const parentMac = (await k.links(lab.host ? { netns: lab.host } : undefined)).find((l) => l.name === lab.parent)!.mac;
  for (const c of ['c1', 'c2'] as const) {
    const eth0 = (await k.links({ netns: lab[c].netns })).find((l) => l.name === 'eth0')!;
    out[`${c} kind, own MAC`] = `${eth0.kind}, ${eth0.mac !== parentMac}`;
  }
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => x.localeCompare(y)));
}

/** busybox `ip` output with what legitimately differs taken out: MACs, and the IPv6 lines the simulator does not have. */
export function normaliseIp(out: string): string {
  const lines = out.split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trimStart().startsWith('inet6 ')) { i++; continue; }
    kept.push(lines[i]!.replace(/([0-9a-f]{2}:){5}[0-9a-f]{2}/g, (m) => (m === '00:00:00:00:00:00' || m === 'ff:ff:ff:ff:ff:ff' ? m : 'MAC')));
  }
  return kept.join('\n');
}

/** busybox ifconfig with MACs, IPv6 lines and the counters (which a real interface's own IPv6 and IGMP traffic moves) taken out. */
export function normaliseIfconfig(out: string): string {
  return out.split('\n').filter((l) => !l.includes('inet6 addr:'))
    .map((l) => l.replace(/HWaddr ([0-9A-F]{2}:){5}[0-9A-F]{2}/, 'HWaddr MAC').replace(/(packets|bytes):\d+( \([\d.]+ \w*B\))?/g, '$1:N'))
    .join('\n');
}

/** What `ip addr`, `ip link`, `ip route`, `ifconfig` and `route` show in a container and in the host role. */
export async function ipViews(k: Kernel, lab: BridgeLab): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [who, ns] of [['a', lab.a.netns], ['host', lab.host]] as const) {
    for (const cmd of [['addr'], ['link'], ['route']]) out[`${who}: ip ${cmd.join(' ')}`] = normaliseIp((await runIn(k, ns, ['ip', ...cmd])).out);
    out[`${who}: ifconfig -a`] = normaliseIfconfig((await runIn(k, ns, ['ifconfig', '-a'])).out);
    for (const args of [['route'], ['route', '-n']]) out[`${who}: ${args.join(' ')}`] = (await runIn(k, ns, args)).out;
  }
  return out;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

async function errnoOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { errnoCode?: string }).errnoCode ?? String(e);
  }
}

/**
 * The Kernel's own sockets (what the embedded DNS and the userland proxy
 * use): a UDP echo and a TCP echo between two namespaces, and the errnos of
 * the calls that must fail.
 */
export async function kernelSockets(k: Kernel, lab: BridgeLab): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const a = { netns: lab.a.netns };
  const b = { netns: lab.b.netns };

  const echo = await k.udpBind({ address: '0.0.0.0', port: 7007 }, b);
  echo.onMessage((d, from) => void echo.send(enc.encode(`echo ${dec.decode(d)} from ${from.address}`), from));
  const client = await k.udpBind({ address: '0.0.0.0', port: 0 }, a);
  const reply = new Promise<string>((resolve) => client.onMessage((d, from) => resolve(`${dec.decode(d)} (reply from ${from.address}:${from.port})`)));
  await client.send(enc.encode('hi'), { address: lab.b.ip, port: 7007 });
  out['udp echo'] = (await reply).replaceAll(lab.a.ip, 'A').replaceAll(lab.b.ip, 'B');
  out['udp bind a taken port'] = await errnoOf(k.udpBind({ address: lab.b.ip, port: 7007 }, b));
  out['udp bind an address not here'] = await errnoOf(k.udpBind({ address: lab.a.ip, port: 7008 }, b));
  await client.close();
  await echo.close();

  const listener = await k.tcpListen({ address: '0.0.0.0', port: 7070 }, b);
  listener.onConnection((s) => {
    let got = '';
    s.onData((d) => { got += dec.decode(d); });
    s.onEnd(() => void s.write(enc.encode(`got ${got} from ${s.remote.address}`)).then(() => s.end()));
  });
  const conn = await k.tcpConnect({ address: lab.b.ip, port: 7070 }, a);
  const answer = new Promise<string>((resolve) => {
    let got = '';
    conn.onData((d) => { got += dec.decode(d); });
    conn.onEnd(() => resolve(got));
  });
  await conn.write(enc.encode('hello'));
  await conn.end();
  out['tcp echo'] = (await answer).replaceAll(lab.a.ip, 'A');
  out['tcp local address'] = conn.local.address === lab.a.ip && conn.local.port >= 32768 && conn.local.port <= 60999 ? 'A, ephemeral' : `${conn.local.address}:${conn.local.port}`;
  out['tcp listen a taken port'] = await errnoOf(k.tcpListen({ address: '0.0.0.0', port: 7070 }, b));
  out['tcp connect, nothing listening'] = await errnoOf(k.tcpConnect({ address: lab.b.ip, port: 7071 }, a));
  out['tcp connect, no route'] = await errnoOf(k.tcpConnect({ address: '192.0.2.1', port: 80 }, lab.host ? { netns: lab.host } : {}));
  out['tcp connect, nobody on the subnet'] = await errnoOf(k.tcpConnect({ address: lab.gateway.replace(/\.1$/, '.98'), port: 80 }, a));
  await listener.close();
  return out;
}
