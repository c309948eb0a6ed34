import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { attachToBridge, createBridgeNetwork } from '../../../core/network/bridge-network.js';
import type { Endpoint } from '../../../core/network/network-record.js';
import { Ipam } from '../../../core/network/ipam.js';
import { PortAllocator } from '../../../core/network/port-allocator.js';
import { parsePortSpec } from '../../../core/network/port-spec.js';
import { SocketProxy } from '../../../core/network/socket-proxy.js';
import { readTopology } from '../../../core/network/topology.js';
import { describeRoot } from '../../helpers/host.js';
import { leftovers, NetSandbox } from './sandbox.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

describeRoot('the userland proxy on the Kernel\'s sockets (real kernel)', () => {
  let kernel: Kernel;
  let sb: NetSandbox;
  let ctr = '';
  let ep: Endpoint;

  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
    sb = await new NetSandbox(kernel).start();
    await kernel.linkSet('lo', { up: true }, { netns: sb.hostPath });
    const ipam = new Ipam();
    const host = { kernel, netns: sb.hostPath };
    const net = await createBridgeNetwork(host, ipam, { id: 'dbktestpx', name: 'px', bridge: 'dbkbrpx', subnet: '10.213.60.0/24' });
    ctr = await sb.netns('pxctr');
    ep = await attachToBridge(host, ipam, net, { container: 'web', netnsPath: ctr });
  });
  afterAll(async () => {
    await sb?.cleanup();
    expect(leftovers()).toEqual({ netns: [], links: [], tables: [] });
  });

  it('carries a TCP connection from the host\'s loopback to the container and back', async () => {
    const server = await kernel.tcpListen({ address: '0.0.0.0', port: 80 }, { netns: ctr });
    const seenFrom: string[] = [];
    server.onConnection((s) => {
      seenFrom.push(s.remote.address);
      s.onData((d) => { void s.write(enc(`web says ${dec(d)}`)); });
      s.onEnd(() => { void s.end(); });
    });
    const [binding] = new PortAllocator().bindAll('web', parsePortSpec('127.0.0.1:18480:80'));
    const proxy = await new SocketProxy(kernel, { netns: sb.hostPath }).start(binding!, ep.address);
    try {
      expect(proxy.pid).toBeNull();
      const client = await kernel.tcpConnect({ address: '127.0.0.1', port: 18480 }, { netns: sb.hostPath });
      const reply = new Promise<string>((resolve) => client.onData((d) => resolve(dec(d))));
      await client.write(enc('hello'));
      expect(await reply).toBe('web says hello');
      const ended = new Promise<void>((resolve) => client.onEnd(resolve));
      await client.end();
      await ended;
      // The container saw the proxy, which connects from the bridge's address.
      expect(seenFrom).toEqual(['10.213.60.1']);

      const topo = await readTopology({
        kernel, hostNetns: sb.hostPath, namespaces: [{ id: 'web', path: ctr }], readNft: false,
        proxies: [{ container: 'web', proto: 'tcp', hostIp: '127.0.0.1', hostPort: 18480, target: `${ep.address}:80`, pid: proxy.pid }],
      });
      expect(topo.edges.filter((e) => e.kind === 'proxy')).toEqual([
        { from: 'host', to: 'ns:web/eth0', kind: 'proxy', label: `tcp 127.0.0.1:18480 → ${ep.address}:80 (userland proxy)` },
      ]);
    } finally {
      await proxy.stop();
      await server.close();
    }
    await expect(kernel.tcpConnect({ address: '127.0.0.1', port: 18480 }, { netns: sb.hostPath })).rejects.toMatchObject({ errnoCode: 'ECONNREFUSED' });
  });

  it('relays UDP datagrams both ways, one upstream socket per client', async () => {
    const server = await kernel.udpBind({ address: '0.0.0.0', port: 53 }, { netns: ctr });
    server.onMessage((d, from) => { void server.send(enc(`pong ${dec(d)}`), from); });
    const [binding] = new PortAllocator().bindAll('web', parsePortSpec('127.0.0.1:18453:53/udp'));
    const proxy = await new SocketProxy(kernel, { netns: sb.hostPath }).start(binding!, ep.address);
    const a = await kernel.udpBind({ address: '127.0.0.1', port: 0 }, { netns: sb.hostPath });
    const b = await kernel.udpBind({ address: '127.0.0.1', port: 0 }, { netns: sb.hostPath });
    try {
      const gotA = new Promise<string>((resolve) => a.onMessage((d) => resolve(dec(d))));
      const gotB = new Promise<string>((resolve) => b.onMessage((d) => resolve(dec(d))));
      await a.send(enc('a'), { address: '127.0.0.1', port: 18453 });
      await b.send(enc('b'), { address: '127.0.0.1', port: 18453 });
      expect([await gotA, await gotB]).toEqual(['pong a', 'pong b']);
    } finally {
      await a.close();
      await b.close();
      await proxy.stop();
      await server.close();
    }
  });

  it('finds a host port held by another program: E_PORT_IN_USE, and the port stays theirs', async () => {
    const squatter = await kernel.tcpListen({ address: '0.0.0.0', port: 18481 }, { netns: sb.hostPath });
    try {
      const [binding] = new PortAllocator().bindAll('web', parsePortSpec('18481:80'));
      await expect(new SocketProxy(kernel, { netns: sb.hostPath }).start(binding!, ep.address)).rejects.toMatchObject({
        code: 'E_PORT_IN_USE',
        message: expect.stringContaining('listen tcp4 0.0.0.0:18481: bind: address already in use'),
      });
    } finally {
      await squatter.close();
    }
  });
});
