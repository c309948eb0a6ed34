import { afterEach, describe, expect, it } from 'vitest';
import type { SimKernel } from '../../core/sim/index.js';
import { netWorld, type PacketEvent } from '../../core/sim/net/world.js';
import { enableForwarding, ncExchange, publish, runIn } from './net-scenarios.js';
import { bridgeLab } from './net-topology.js';
import { boot } from './sim-helpers.js';

function devRow(text: string, name: string): number[] {
  const line = text.split('\n').find((l) => l.trim().startsWith(`${name}:`))!;
  return line.split(':')[1]!.trim().split(/\s+/).map(Number);
}

describe('the packet model', () => {
  let k: SimKernel;
  afterEach(() => k.shutdown());

  it('counts every frame on the links it crosses, as /proc/net/dev shows (ARP once, then the echo and its reply)', async () => {
    k = boot();
    const lab = await bridgeLab(k, { nsPrefix: 't', linkPrefix: 't' });
    expect((await runIn(k, lab.a.netns, ['ping', '-c', '1', lab.b.ip])).code).toBe(0);
    const inA = devRow((await runIn(k, lab.a.netns, ['cat', '/proc/net/dev'])).out, 'eth0');
    // rx bytes, rx packets … tx bytes (8th), tx packets (9th): a 42-byte ARP each way, then 98-byte echo and reply.
    expect([inA[0], inA[1], inA[8], inA[9]]).toEqual([140, 2, 140, 2]);
    const host = await k.readText('/proc/net/dev');
    // As Linux 6.18 counts the same ping (measured with IPv6 off): the bridge itself receives only the ARP
    // broadcast, 28 bytes once its Ethernet header is pulled; its ports count every frame they pass.
    expect(devRow(host, 'tbr').slice(0, 2)).toEqual([28, 1]);
    expect([devRow(host, 'tha')[0], devRow(host, 'tha')[8], devRow(host, 'thb')[0], devRow(host, 'thb')[8]]).toEqual([140, 140, 140, 140]);
  });

  it('draws a DNATed packet\'s way: outside → host (rewritten) → bridge → container, and the reply rewritten back', async () => {
    k = boot();
    const host = await k.netnsCreate('host');
    const lab = await bridgeLab(k, { nsPrefix: 'd', host, subnet: 90 });
    await enableForwarding(k, lab);
    await publish(k, lab, 'dockbook');
    const events: PacketEvent[] = [];
    netWorld(k.machine).watch((e) => events.push(e));
    const x = await ncExchange(k, lab.b.netns, 80, lab.outside.netns, lab.outside.hostIp, 8080);
    expect(x.server).toBe('hi from client\n');
    const syn = events.find((e) => e.kind === 'tcp SYN')!;
    expect(syn.nat).toBe(`DNAT ${lab.outside.hostIp}:8080 → ${lab.b.ip}:80`);
    expect(syn.hops.map((h) => `${h.link} ${h.dir}`)).toEqual(['eth0 tx', 'ho rx', 'br tx', 'hb tx', 'eth0 rx']);
    const synAck = events.find((e) => e.kind === 'tcp SYN-ACK')!;
    expect(synAck).toMatchObject({ src: lab.outside.hostIp, sport: 8080, dst: lab.outside.ip, verdict: 'delivered' });
    expect(synAck.nat).toMatch(/^conntrack /);
  });

  it('drops what a down link or an unforwarding host cannot carry, and says why', async () => {
    k = boot();
    const host = await k.netnsCreate('host');
    const lab = await bridgeLab(k, { nsPrefix: 'e', host, subnet: 91 });
    expect((await runIn(k, host, ['sysctl', '-w', 'net.ipv4.ip_forward=0'])).code).toBe(0);
    const events: PacketEvent[] = [];
    netWorld(k.machine).watch((e) => events.push(e));
    expect((await runIn(k, lab.outside.netns, ['ping', '-c', '1', '-W', '1', lab.a.ip])).code).toBe(1);
    expect(events.find((e) => e.verdict === 'dropped')?.reason).toBe('not a router (ip_forward=0)');
    await k.linkSet(lab.b.hostEnd, { up: false }, { netns: host });
    expect((await runIn(k, lab.a.netns, ['ping', '-c', '1', '-W', '1', lab.b.ip])).code).toBe(1);
    await k.linkSet(lab.b.hostEnd, { up: true }, { netns: host });
    expect((await runIn(k, lab.a.netns, ['ping', '-c', '1', '-W', '1', lab.b.ip])).code).toBe(0);
  });

  it('lists the rules nft loaded, in nft\'s own JSON, so the engine reads back what it wrote', async () => {
    k = boot();
    const host = await k.netnsCreate('host');
    const lab = await bridgeLab(k, { nsPrefix: 'f', host, subnet: 92 });
    await publish(k, lab, 'dockbook');
    const { readDnatRules } = await import('../../core/network/nft-read.js');
    expect(await readDnatRules(k, { netns: host })).toEqual([expect.objectContaining({
      table: 'dockbook', chain: 'published', proto: 'tcp', hostPort: 8080, toAddress: lab.b.ip, toPort: 80, notFrom: lab.bridge, comment: 'dockbook:web',
    })]);
    const bad = await runIn(k, host, ['sh', '-c', 'echo "table ip x { chain c { bogus } }" | nft -f -']);
    expect(bad.code).toBe(1);
    expect(await readDnatRules(k, { netns: host })).toHaveLength(1);
  });

  it('replays the same packets at the same virtual times for the same seed', async () => {
    const trace = async (): Promise<string[]> => {
      const kk = boot();
      const lab = await bridgeLab(kk, { nsPrefix: 'g', linkPrefix: 'g' });
      const out: string[] = [];
      netWorld(kk.machine).watch((e) => out.push(`${e.at} ${e.kind} ${e.src}:${e.sport} → ${e.dst}:${e.dport} ${e.verdict}`));
      await ncExchange(kk, lab.b.netns, 9000, lab.a.netns, lab.b.ip);
      kk.shutdown();
      return out;
    };
    k = boot();
    const [first, second] = [await trace(), await trace()];
    expect(first.length).toBeGreaterThan(6);
    expect(second).toEqual(first);
  });
});

describe('a network namespace going away', () => {
  it('takes its links with it, and the host ends of their veth pairs', async () => {
    const k = boot();
    const lab = await bridgeLab(k, { nsPrefix: 'z', linkPrefix: 'z' });
    expect((await k.links()).map((l) => l.name)).toContain('zha');
    await k.netnsDelete('za');
    expect((await k.links()).map((l) => l.name)).not.toContain('zha');
    expect((await k.links()).map((l) => l.name)).toContain('zhb');
    await lab.teardown();
    k.shutdown();
  });
});

describe('ip_forward', () => {
  it('is per namespace: a new one copies the host\'s value, then keeps its own', async () => {
    const k = boot();
    const ns = await k.netnsCreate('fw');
    expect((await runIn(k, ns, ['cat', '/proc/sys/net/ipv4/ip_forward'])).out).toBe('1\n');
    expect((await runIn(k, ns, ['sh', '-c', 'echo 0 > /proc/sys/net/ipv4/ip_forward; sysctl net.ipv4.ip_forward'])).out).toBe('net.ipv4.ip_forward = 0\n');
    expect((await runIn(k, undefined, ['cat', '/proc/sys/net/ipv4/ip_forward'])).out).toBe('1\n');
    expect((await runIn(k, undefined, ['sysctl', '-w', 'net.ipv4.ip_forward=0'])).code).toBe(0);
    expect((await runIn(k, await k.netnsCreate('fw2'), ['sysctl', '-n', 'net.ipv4.ip_forward'])).out).toBe('0\n');
    k.shutdown();
  });
});
