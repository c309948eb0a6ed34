import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinuxKernel } from '../../../core/kernel/linux/linux-kernel.js';
import type { TcpListener, UdpSocket } from '../../../core/kernel/types.js';
import { describeRoot } from '../../helpers/host.js';
import { NetSandbox, netnsNameOf } from '../../network/linux/sandbox.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Sockets in use inside a namespace, as `ss` reports them (read independently of the code under test). */
function socketsIn(netnsPath: string): string {
  return execFileSync('/usr/sbin/ip', ['netns', 'exec', netnsNameOf(netnsPath), 'ss', '-Htuan'], { encoding: 'utf8' });
}

function echoServer(l: TcpListener): void {
  l.onConnection((s) => {
    s.onData((d) => { void s.write(d); });
    s.onEnd(() => { void s.end(); });
  });
}

describeRoot('LinuxKernel sockets inside a network namespace', () => {
  const kernel = new LinuxKernel();
  const sandbox = new NetSandbox(kernel);
  let a = '';
  let b = '';

  beforeAll(async () => {
    a = await sandbox.netns('sock-a');
    b = await sandbox.netns('sock-b');
    for (const ns of [a, b]) await kernel.linkSet('lo', { up: true }, { netns: ns });
  });
  afterAll(() => sandbox.cleanup());

  it('serves a TCP client in the same namespace and is not visible from another one', async () => {
    const listener = await kernel.tcpListen({ address: '127.0.0.1', port: 0 }, { netns: a });
    try {
      expect(listener.local.port).toBeGreaterThan(0);
      expect(socketsIn(a)).toContain(`127.0.0.1:${listener.local.port}`);
      expect(socketsIn(b)).not.toContain(`:${listener.local.port}`);
      echoServer(listener);
      const client = await kernel.tcpConnect(listener.local, { netns: a });
      const got = new Promise<string>((resolve) => client.onData((d) => resolve(dec(d))));
      await client.write(enc('hello through netns'));
      expect(await got).toBe('hello through netns');
      client.destroy();
      await expect(kernel.tcpConnect(listener.local, { netns: b })).rejects.toMatchObject({ name: 'KernelError', errnoCode: 'ECONNREFUSED' });
    } finally {
      await listener.close();
    }
  });

  it('answers UDP datagrams in its namespace, with the sender address', async () => {
    const server = await kernel.udpBind({ address: '127.0.0.1', port: 0 }, { netns: a });
    const client = await kernel.udpBind({ address: '127.0.0.1', port: 0 }, { netns: a });
    try {
      server.onMessage((d, from) => { void server.send(enc(`echo ${dec(d)}`), from); });
      const got = new Promise<string>((resolve) => client.onMessage((d) => resolve(dec(d))));
      await client.send(enc('ping'), server.local);
      expect(await got).toBe('echo ping');
      expect(socketsIn(a)).toContain(`127.0.0.1:${server.local.port}`);
    } finally {
      await server.close();
      await client.close();
    }
  });

  it('refuses a taken TCP or UDP port with a KernelError (EADDRINUSE) and frees it on close', async () => {
    const first = await kernel.tcpListen({ address: '127.0.0.1', port: 0 }, { netns: a });
    const port = first.local.port;
    await expect(kernel.tcpListen({ address: '127.0.0.1', port }, { netns: a })).rejects.toMatchObject({ name: 'KernelError', errnoCode: 'EADDRINUSE', code: 'E_PORT_IN_USE' });
    // The same port in another namespace is a different port.
    const elsewhere = await kernel.tcpListen({ address: '127.0.0.1', port }, { netns: b });
    await elsewhere.close();
    await first.close();
    const again = await kernel.tcpListen({ address: '127.0.0.1', port }, { netns: a });
    await again.close();

    const u: UdpSocket = await kernel.udpBind({ address: '0.0.0.0', port: 0 }, { netns: a });
    await expect(kernel.udpBind({ address: '0.0.0.0', port: u.local.port }, { netns: a })).rejects.toMatchObject({ errnoCode: 'EADDRINUSE' });
    await u.close();
    const u2 = await kernel.udpBind({ address: '0.0.0.0', port: u.local.port }, { netns: a });
    await u2.close();
  });

  it('closing a listener ends its accepted connections and leaves no socket behind', async () => {
    const listener = await kernel.tcpListen({ address: '127.0.0.1', port: 0 }, { netns: a });
    echoServer(listener);
    const client = await kernel.tcpConnect(listener.local, { netns: a });
    const ended = new Promise<void>((resolve) => client.onEnd(resolve));
    await listener.close();
    await ended;
    client.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect(socketsIn(a).split('\n').filter((l) => l.includes(`:${listener.local.port}`) && !l.includes('TIME-WAIT'))).toEqual([]);
  });

  it('names the namespace file when it does not exist', async () => {
    await expect(kernel.udpBind({ address: '0.0.0.0', port: 0 }, { netns: '/run/netns/dbktest-missing-ns' })).rejects.toMatchObject({ name: 'KernelError', errnoCode: 'ENOENT' });
  });
});

describe('socket addresses', () => {
  it('rejects a host name where an address is needed', async () => {
    await expect(new LinuxKernel().udpBind({ address: 'localhost', port: 0 })).rejects.toMatchObject({ errnoCode: 'EINVAL' });
  });
});
