import { afterEach, describe, expect, it } from 'vitest';
import type { SimKernel } from '../../core/sim/index.js';
import { bridgeLab, type BridgeLab } from './net-topology.js';
import { boot, readAll } from './sim-helpers.js';

async function runIn(k: SimKernel, netns: string | undefined, argv: string[], stdin?: string): Promise<{ out: string; err: string; code: number | null }> {
  const p = await k.spawn({ argv, env: { PATH: '/bin' }, namespaces: netns ? { join: { net: netns } } : undefined });
  if (stdin !== undefined) await p.stdin!.write(stdin);
  await p.stdin?.end();
  const [out, err, status] = await Promise.all([readAll(p.stdout), readAll(p.stderr), p.exited]);
  return { out, err, code: status.code };
}

/** A DNS answer for one A query, built by hand from RFC 1035 so the test does not trust the code under test. */
function answerA(query: Uint8Array, ip: string | null): Uint8Array {
  let end = 12;
  while (query[end] !== 0) end += query[end]! + 1;
  const question = query.subarray(12, end + 5);
  const type = (query[end + 1]! << 8) | query[end + 2]!;
  const found = ip !== null && type === 1;
  const head = [query[0]!, query[1]!, 0x81, ip === null ? 0x83 : 0x80, 0, 1, 0, found ? 1 : 0, 0, 0, 0, 0];
  const rr = found ? [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...ip.split('.').map(Number)] : [];
  return Uint8Array.from([...head, ...question, ...rr]);
}

describe('busybox network applets in the simulator', () => {
  let k: SimKernel;
  let lab: BridgeLab;
  afterEach(async () => {
    await lab?.teardown();
    k.shutdown();
  });

  it('serves a file with httpd in one namespace and fetches it with wget from another, in busybox words', async () => {
    k = boot();
    lab = await bridgeLab(k, { nsPrefix: 't', linkPrefix: 't' });
    await k.mkdir('/srv/www', { recursive: true });
    await k.writeFile('/srv/www/index.html', 'hello from b\n');
    expect((await runIn(k, lab.b.netns, ['httpd', '-p', '8080', '-h', '/srv/www'])).code).toBe(0);
    const got = await runIn(k, lab.a.netns, ['wget', '-O-', `http://${lab.b.ip}:8080/`]);
    expect(got).toEqual({
      out: 'hello from b\n',
      err: `Connecting to ${lab.b.ip}:8080 (${lab.b.ip}:8080)\nwriting to stdout\n-                    100% |${'*'.repeat(32)}|    13  0:00:00 ETA\nwritten to stdout\n`,
      code: 0,
    });
    const missing = await runIn(k, lab.a.netns, ['wget', '-q', '-O-', `http://${lab.b.ip}:8080/nope`]);
    expect(missing).toEqual({ out: '', err: 'wget: server returned error: HTTP/1.1 404 Not Found\n', code: 1 });
    const saved = await runIn(k, lab.a.netns, ['wget', '-q', '-O', '/tmp/page', `http://${lab.b.ip}:8080/index.html`]);
    expect(saved.code).toBe(0);
    expect(await k.readText('/tmp/page')).toBe('hello from b\n');
  });

  it('tells refused from unreachable, as wget and nc print them', async () => {
    k = boot();
    lab = await bridgeLab(k, { nsPrefix: 't', linkPrefix: 't' });
    expect(await runIn(k, lab.a.netns, ['wget', '-O-', `http://${lab.b.ip}:81/`])).toMatchObject({
      err: `Connecting to ${lab.b.ip}:81 (${lab.b.ip}:81)\nwget: can't connect to remote host (${lab.b.ip}): Connection refused\n`, code: 1,
    });
    expect(await runIn(k, lab.a.netns, ['nc', '10.77.0.99', '80'])).toMatchObject({ err: "nc: can't connect to remote host (10.77.0.99): No route to host\n", code: 1 });
    await k.linkSet('eth0', { up: false }, { netns: lab.a.netns });
    expect(await runIn(k, lab.a.netns, ['wget', '-q', '-O-', `http://${lab.b.ip}/`])).toMatchObject({ err: `wget: can't connect to remote host (${lab.b.ip}): Network is unreachable\n`, code: 1 });
    expect(await runIn(k, lab.a.netns, ['wget', 'http://nosuch:8080/'])).toMatchObject({ err: "wget: bad address 'nosuch:8080'\n", code: 1 });
  });

  it('pings across the bridge with busybox lines and statistics, and counts loss when nobody answers', async () => {
    k = boot();
    lab = await bridgeLab(k, { nsPrefix: 't', linkPrefix: 't' });
    const t0 = k.monotonic();
    const ok = await runIn(k, lab.a.netns, ['ping', '-c', '3', lab.b.ip]);
    expect(ok.code).toBe(0);
    const lines = ok.out.split('\n');
    expect(lines[0]).toBe(`PING ${lab.b.ip} (${lab.b.ip}): 56 data bytes`);
    expect(lines.slice(1, 4).map((l) => l.replace(/time=[\d.]+/, 'time=T'))).toEqual([0, 1, 2].map((s) => `64 bytes from ${lab.b.ip}: seq=${s} ttl=64 time=T ms`));
    expect(lines.slice(4, 8)).toEqual(['', `--- ${lab.b.ip} ping statistics ---`, '3 packets transmitted, 3 packets received, 0% packet loss', lines[7]]);
    expect(lines[7]).toMatch(/^round-trip min\/avg\/max = \d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3} ms$/);
    expect(k.monotonic() - t0).toBeGreaterThanOrEqual(2000);

    const t1 = k.monotonic();
    const lost = await runIn(k, lab.a.netns, ['ping', '-c', '2', '-W', '1', '10.77.0.99']);
    expect(lost).toEqual({ out: 'PING 10.77.0.99 (10.77.0.99): 56 data bytes\n\n--- 10.77.0.99 ping statistics ---\n2 packets transmitted, 0 packets received, 100% packet loss\n', err: '', code: 1 });
    // Busybox's timing on a real host: one second between echoes, then -W seconds of waiting.
    expect(k.monotonic() - t1).toBeCloseTo(2000, -1);
    expect(await runIn(k, undefined, ['ping', '-c', '1', '192.0.2.1'])).toMatchObject({ err: 'ping: sendto: Network is unreachable\n', code: 1 });
  });

  it('passes stdin to the peer and the peer to stdout with nc, server and client', async () => {
    k = boot();
    lab = await bridgeLab(k, { nsPrefix: 't', linkPrefix: 't' });
    const server = runIn(k, lab.b.netns, ['nc', '-l', '-p', '9000'], 'from server\n');
    await k.sleep(1);
    const client = await runIn(k, lab.a.netns, ['nc', lab.b.ip, '9000'], 'from client\n');
    expect(client).toEqual({ out: 'from server\n', err: '', code: 0 });
    expect(await server).toEqual({ out: 'from client\n', err: '', code: 0 });
  });

  it('resolves names from /etc/hosts, then with DNS over UDP to the resolv.conf server, for wget and nslookup', async () => {
    k = boot();
    lab = await bridgeLab(k, { nsPrefix: 't', linkPrefix: 't' });
    const dns = await k.udpBind({ address: '0.0.0.0', port: 53 }, { netns: lab.b.netns });
    dns.onMessage((q, from) => {
      const name = new TextDecoder().decode(q.subarray(13, 13 + q[12]!));
      void dns.send(answerA(q, name === 'web' ? lab.b.ip : null), from);
    });
    await k.writeFile('/etc/resolv.conf', `nameserver ${lab.b.ip}\n`);
    expect(await runIn(k, lab.a.netns, ['nslookup', 'web'])).toEqual({
      out: `Server:\t\t${lab.b.ip}\nAddress:\t${lab.b.ip}:53\n\nNon-authoritative answer:\nName:\tweb\nAddress: ${lab.b.ip}\n\n`, err: '', code: 0,
    });
    expect(await runIn(k, lab.a.netns, ['nslookup', 'nosuch'])).toMatchObject({ out: `Server:\t\t${lab.b.ip}\nAddress:\t${lab.b.ip}:53\n\n** server can't find nosuch: NXDOMAIN\n\n** server can't find nosuch: NXDOMAIN\n\n`, code: 1 });
    await k.writeFile('/etc/hosts', `${lab.a.ip}\tweb\n`);
    const viaHosts = await runIn(k, lab.a.netns, ['ping', '-c', '1', 'web']);
    expect(viaHosts.out.split('\n')[0]).toBe(`PING web (${lab.a.ip}): 56 data bytes`);
    await dns.close();
  });

  it('shows an interface and its counters with ifconfig, in busybox\'s layout', async () => {
    k = boot();
    lab = await bridgeLab(k, { nsPrefix: 't', linkPrefix: 't' });
    expect((await runIn(k, lab.a.netns, ['ping', '-c', '1', lab.b.ip])).code).toBe(0);
    const eth0 = (await runIn(k, lab.a.netns, ['ifconfig', 'eth0'])).out.split('\n');
    expect(eth0[0]).toMatch(/^eth0      Link encap:Ethernet  HWaddr ([0-9A-F]{2}:){5}[0-9A-F]{2}  $/);
    expect(eth0.slice(1)).toEqual([
      `          inet addr:${lab.a.ip}  Bcast:0.0.0.0  Mask:255.255.255.0`,
      '          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1',
      '          RX packets:2 errors:0 dropped:0 overruns:0 frame:0',
      '          TX packets:2 errors:0 dropped:0 overruns:0 carrier:0',
      '          collisions:0 txqueuelen:1000 ',
      '          RX bytes:140 (140.0 B)  TX bytes:140 (140.0 B)',
      '', '',
    ]);
    expect(await runIn(k, lab.a.netns, ['ifconfig', 'nosuch'])).toMatchObject({ code: 1, err: 'ifconfig: nosuch: error fetching interface information: Device not found\n' });
  });
});
