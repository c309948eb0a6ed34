import { afterEach, describe, expect, it } from 'vitest';
import type { SimKernel } from '../../core/sim/index.js';
import { netWorld, type PacketEvent } from '../../core/sim/net/world.js';
import { bridgeLab } from './net-topology.js';
import { boot } from './sim-helpers.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

function collect(stream: { onData(h: (d: Uint8Array) => void): void; onEnd(h: () => void): void }): Promise<string> {
  let s = '';
  return new Promise((resolve) => {
    stream.onData((d) => { s += dec.decode(d); });
    stream.onEnd(() => resolve(s));
  });
}

describe('sockets in the simulator', () => {
  let k: SimKernel;
  afterEach(() => k.shutdown());

  it('carries a TCP stream from one namespace to another across veth, bridge and veth', async () => {
    k = boot();
    const lab = await bridgeLab(k, { nsPrefix: 't', linkPrefix: 't' });
    const events: PacketEvent[] = [];
    netWorld(k.machine).watch((e) => events.push(e));
    const listener = await k.tcpListen({ address: '0.0.0.0', port: 8080 }, { netns: lab.b.netns });
    const served = new Promise<string>((resolve) => listener.onConnection((s) => {
      void collect(s).then(async (got) => { await s.write(enc.encode(`echo:${got}`)); await s.end(); resolve(got); });
    }));
    const c = await k.tcpConnect({ address: lab.b.ip, port: 8080 }, { netns: lab.a.netns });
    expect(c.local.address).toBe(lab.a.ip);
    expect(c.local.port).toBeGreaterThanOrEqual(32768);
    const reply = collect(c);
    await c.write(enc.encode('hello'));
    await c.end();
    expect(await served).toBe('hello');
    expect(await reply).toBe('echo:hello');
    const syn = events.find((e) => e.kind === 'tcp SYN')!;
    expect(syn.hops.map((h) => `${h.link}:${h.dir}`)).toEqual(['eth0:tx', 'tha:rx', 'thb:tx', 'eth0:rx']);
    await listener.close();
    await lab.teardown();
  });

  it('refuses a connection where nothing listens, and says the network is unreachable without a route', async () => {
    k = boot();
    const lab = await bridgeLab(k, { nsPrefix: 't', linkPrefix: 't' });
    await expect(k.tcpConnect({ address: lab.b.ip, port: 9 }, { netns: lab.a.netns })).rejects.toMatchObject({ errnoCode: 'ECONNREFUSED' });
    await expect(k.tcpConnect({ address: '192.0.2.1', port: 80 })).rejects.toMatchObject({ errnoCode: 'ENETUNREACH' });
  });

  it('reports no route to host when ARP finds nobody, after ARP gives up', async () => {
    k = boot();
    const lab = await bridgeLab(k, { nsPrefix: 't', linkPrefix: 't' });
    const t0 = k.monotonic();
    await expect(k.tcpConnect({ address: '10.77.0.99', port: 80 }, { netns: lab.a.netns })).rejects.toMatchObject({ errnoCode: 'EHOSTUNREACH' });
    expect(k.monotonic() - t0).toBeGreaterThanOrEqual(3000);
  });

  it('answers EADDRINUSE for a taken port and picks an ephemeral port for port 0', async () => {
    k = boot();
    const a = await k.udpBind({ address: '127.0.0.1', port: 5353 });
    await expect(k.udpBind({ address: '0.0.0.0', port: 5353 })).rejects.toMatchObject({ errnoCode: 'EADDRINUSE' });
    const t = await k.tcpListen({ address: '127.0.0.1', port: 5353 });
    expect(t.local.port).toBe(5353);
    const any = await k.udpBind({ address: '127.0.0.1', port: 0 });
    expect(any.local.port).toBeGreaterThanOrEqual(32768);
    await expect(k.tcpListen({ address: '10.9.9.9', port: 80 })).rejects.toMatchObject({ errnoCode: 'EADDRNOTAVAIL' });
    await a.close();
    await t.close();
    await any.close();
  });

  it('echoes UDP over loopback, counting the frames on lo', async () => {
    k = boot();
    await k.linkSet('lo', { up: true });
    const server = await k.udpBind({ address: '127.0.0.1', port: 7 });
    server.onMessage((d, from) => void server.send(d, from));
    const client = await k.udpBind({ address: '0.0.0.0', port: 0 });
    const got = new Promise<string>((resolve) => client.onMessage((d) => resolve(dec.decode(d))));
    await client.send(enc.encode('ping'), { address: '127.0.0.1', port: 7 });
    expect(await got).toBe('ping');
    const lo = k.machine.hostNs.net.stack.links.get('lo')!;
    // Two datagrams of 4 bytes: 14 + 20 + 8 + 4 = 46 bytes each, sent and received on lo.
    expect([lo.txPackets, lo.txBytes, lo.rxPackets, lo.rxBytes]).toEqual([2, 92, 2, 92]);
  });
});

describe('the virtual clock after a connection', () => {
  it('is not moved later by a connect timer that no longer matters', async () => {
    const k = boot();
    await k.linkSet('lo', { up: true });
    const l = await k.tcpListen({ address: '127.0.0.1', port: 80 });
    const c = await k.tcpConnect({ address: '127.0.0.1', port: 80 });
    c.destroy();
    await l.close();
    await k.sleep(1);
    // Nothing left to fire: an idle machine's clock stays where it is.
    expect(k.machine.sched.pending()).toBe(0);
    k.shutdown();
  });
});
