import * as dnsPacket from 'dns-packet';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import type { SocketAddress, UdpSocket } from '../../../core/kernel/types.js';
import { ContainerDirectory } from '../../../core/engine/container-directory.js';
import { EmbeddedDns, type AnsweredQuery } from '../../../core/network/embedded-dns.js';
import { describeRoot } from '../../helpers/host.js';
import { leftovers, NetSandbox } from './sandbox.js';

type Reply = dnsPacket.Packet & { rcode?: string };

describeRoot('the embedded DNS server inside a container\'s namespace (real kernel)', () => {
  let kernel: Kernel;
  let sb: NetSandbox;
  let ctr = '';
  let upstream: UdpSocket;
  let upstreamQueries = 0;
  const directory = new ContainerDirectory();
  const names: Record<string, string[]> = { web: ['10.213.70.2'], svc: ['10.213.70.3', '10.213.70.4', '10.213.70.5'] };

  /** One query from inside the container's namespace, as its resolver would send it to 127.0.0.11. */
  async function ask(name: string, type: 'A' | 'AAAA' = 'A', id = 7): Promise<Reply> {
    const sock = await kernel.udpBind({ address: '0.0.0.0', port: 0 }, { netns: ctr });
    try {
      const got = new Promise<Reply>((resolve) => sock.onMessage((d) => resolve(dnsPacket.decode(Buffer.from(d)) as Reply)));
      await sock.send(dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] }), { address: '127.0.0.11', port: 53 });
      return await got;
    } finally {
      await sock.close();
    }
  }

  const addresses = (r: Reply): string[] => (r.answers ?? []).map((a) => String(a.data));

  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
    sb = await new NetSandbox(kernel).start();
    ctr = await sb.netns('dnsctr');
    for (const ns of [sb.hostPath, ctr]) await kernel.linkSet('lo', { up: true }, { netns: ns });
    // The upstream resolver, on the "host" side: only the host's namespace can reach it.
    upstream = await kernel.udpBind({ address: '127.0.0.1', port: 0 }, { netns: sb.hostPath });
    upstream.onMessage((d, from) => {
      upstreamQueries++;
      const q = dnsPacket.decode(Buffer.from(d));
      const question = q.questions![0]!;
      const answers = question.name === 'outside.dbktest.invalid' ? [{ type: 'A', name: question.name, ttl: 30, data: '10.213.71.9' }] : [];
      void upstream.send(dnsPacket.encode({ type: 'response', id: q.id, flags: dnsPacket.RECURSION_AVAILABLE | (answers.length ? 0 : 3), questions: [question], answers }), from);
    });
  });
  afterAll(async () => {
    await upstream?.close();
    await sb?.cleanup();
    expect(leftovers()).toEqual({ netns: [], links: [], tables: [] });
  });

  async function server(upstreams: readonly SocketAddress[], onAnswer?: (a: AnsweredQuery) => void): Promise<EmbeddedDns> {
    return EmbeddedDns.start({
      kernel, netnsPath: ctr, upstreams, upstreamWhere: { netns: sb.hostPath }, ...(onAnswer ? { onAnswer } : {}),
      lookup: (name, rotate) => {
        const found = names[name];
        if (!found) return null;
        return rotate ? directory.rotate(name, found) : found;
      },
    });
  }

  it('answers container names on 127.0.0.11 inside the container, keeping the query id', async () => {
    const dns = await server([upstream.local]);
    try {
      expect(dns.local).toEqual({ address: '127.0.0.11', port: 53 });
      const r = await ask('web', 'A', 4242);
      expect(r).toMatchObject({ type: 'response', id: 4242, rcode: 'NOERROR' });
      expect(addresses(r)).toEqual(['10.213.70.2']);
      // Bytes that are no DNS message are dropped, and the server goes on answering.
      const junk = await kernel.udpBind({ address: '0.0.0.0', port: 0 }, { netns: ctr });
      await junk.send(new Uint8Array([1, 2, 3]), { address: '127.0.0.11', port: 53 });
      await junk.close();
      expect(addresses(await ask('web'))).toEqual(['10.213.70.2']);
      // A known name without IPv6 is "no data", not "no such name".
      const six = await ask('web', 'AAAA');
      expect([six.rcode, six.answers]).toEqual(['NOERROR', []]);
    } finally {
      await dns.stop();
    }
  });

  it('answers over TCP too, two length-prefixed queries in one segment', async () => {
    const dns = await server([upstream.local]);
    try {
      const stream = await kernel.tcpConnect({ address: '127.0.0.11', port: 53 }, { netns: ctr });
      const frame = (id: number, name: string): Uint8Array => {
        const q = dnsPacket.encode({ type: 'query', id, questions: [{ type: 'A', name }] });
        return new Uint8Array([q.length >> 8, q.length & 0xff, ...q]);
      };
      let got = new Uint8Array(0);
      const replies = new Promise<Reply[]>((resolve) => stream.onData((d) => {
        got = new Uint8Array([...got, ...d]);
        const out: Reply[] = [];
        for (let at = 0; at + 2 <= got.length;) {
          const size = (got[at]! << 8) | got[at + 1]!;
          if (at + 2 + size > got.length) break;
          out.push(dnsPacket.decode(Buffer.from(got.slice(at + 2, at + 2 + size))) as Reply);
          at += 2 + size;
        }
        if (out.length === 2) resolve(out);
      }));
      await stream.write(new Uint8Array([...frame(1, 'web'), ...frame(2, 'outside.dbktest.invalid')]));
      const byId = Object.fromEntries((await replies).map((r) => [r.id, addresses(r)]));
      expect(byId).toEqual({ 1: ['10.213.70.2'], 2: ['10.213.71.9'] });
      stream.destroy();
    } finally {
      await dns.stop();
    }
  });

  it('rotates the answers for a shared alias on every A query (round robin)', async () => {
    const dns = await server([upstream.local]);
    try {
      const firsts: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await ask('svc');
        expect(addresses(r).sort()).toEqual(names['svc']);
        firsts.push(addresses(r)[0]!);
        await ask('svc', 'AAAA'); // a resolver's AAAA query in between does not take a turn
      }
      expect(firsts.sort()).toEqual(names['svc']);
    } finally {
      await dns.stop();
    }
  });

  it('forwards other names to the upstream from the host\'s namespace, and says SERVFAIL when none answers', async () => {
    const dns = await server([upstream.local]);
    try {
      const before = upstreamQueries;
      expect(addresses(await ask('outside.dbktest.invalid'))).toEqual(['10.213.71.9']);
      expect((await ask('nowhere.dbktest.invalid')).rcode).toBe('NXDOMAIN');
      expect(upstreamQueries - before).toBe(2);
    } finally {
      await dns.stop();
    }
    // An upstream port nobody listens on: the container gets SERVFAIL, not silence.
    const silent = await server([{ address: '127.0.0.1', port: 9 }]);
    try {
      expect((await ask('outside.dbktest.invalid')).rcode).toBe('SERVFAIL');
    } finally {
      await silent.stop();
    }
  });

  it('tells of each query it answered: the question, where the answer came from, and the addresses in the order sent', async () => {
    const told: AnsweredQuery[] = [];
    const dns = await server([upstream.local], (a) => told.push(a));
    try {
      const sent = [addresses(await ask('svc')), addresses(await ask('svc'))];
      await ask('SVC', 'AAAA');
      await ask('outside.dbktest.invalid');
      expect(told).toEqual([
        { name: 'svc', type: 'A', source: 'containers', addresses: sent[0] },
        { name: 'svc', type: 'A', source: 'containers', addresses: sent[1] },
        { name: 'svc', type: 'AAAA', source: 'containers', addresses: [] },
        { name: 'outside.dbktest.invalid', type: 'A', source: 'upstream', addresses: ['10.213.71.9'] },
      ]);
      expect(sent[0]).not.toEqual(sent[1]);
    } finally {
      await dns.stop();
    }
  });

  it('frees 127.0.0.11:53 when stopped, so a restarted engine can bind it again', async () => {
    const first = await server([]);
    await expect(server([])).rejects.toMatchObject({ errnoCode: 'EADDRINUSE' });
    await first.stop();
    const again = await server([]);
    await again.stop();
  });
});
