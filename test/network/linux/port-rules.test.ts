import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { attachToBridge, createBridgeNetwork } from '../../../core/network/bridge-network.js';
import { Ipam } from '../../../core/network/ipam.js';
import { readDnatRules } from '../../../core/network/nft-read.js';
import { PortAllocator } from '../../../core/network/port-allocator.js';
import { applyNatRules, removeNatRules } from '../../../core/network/port-rules.js';
import { parsePortSpec } from '../../../core/network/port-spec.js';
import { describeRoot, readAll } from '../../helpers/host.js';
import { leftovers, NetSandbox } from './sandbox.js';

const tables = () => execFileSync('/usr/sbin/nft', ['list', 'tables'], { encoding: 'utf8' });

describeRoot('published ports as nftables DNAT rules (real kernel)', () => {
  let kernel: Kernel;
  let sb: NetSandbox;
  const table = `dbktest_nat_${process.pid}`;

  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
    sb = await new NetSandbox(kernel).start();
  });
  afterAll(async () => {
    await removeNatRules(kernel, table).catch(() => {});
    await sb?.cleanup();
    expect(leftovers()).toEqual({ netns: [], links: [], tables: [] });
  });

  it('applies a table of its own in the host namespace, reads it back, and removes it', async () => {
    // Bound to 127.0.0.1, which the output chain leaves to the proxy: the rule exists but catches no host traffic.
    const [binding] = new PortAllocator().bindAll('dbktest-c', parsePortSpec('127.0.0.1:18080:80'));
    await applyNatRules(kernel, table, { dnat: [{ binding: binding!, containerIp: '10.213.40.2', bridge: 'dbkbrnone' }], masquerade: [] });
    expect(tables()).toContain(`table ip ${table}`);
    const mine = (await readDnatRules(kernel)).filter((r) => r.table === table);
    expect(mine).toEqual([expect.objectContaining({
      chain: 'published', proto: 'tcp', hostIp: '127.0.0.1', hostPort: 18080, toAddress: '10.213.40.2', toPort: 80, notFrom: 'dbkbrnone', comment: 'dockbook:dbktest-c',
    })]);
    // Applying again replaces the table rather than adding to it.
    await applyNatRules(kernel, table, { dnat: [], masquerade: [] });
    expect((await readDnatRules(kernel)).filter((r) => r.table === table)).toEqual([]);

    await removeNatRules(kernel, table);
    expect(tables()).not.toContain('dbktest');
    await removeNatRules(kernel, table); // a second removal is no error
  });

  it('sends traffic for a published port to the container (from another namespace, through a test host namespace)', async () => {
    const hostNs = sb.hostPath;
    const ipam = new Ipam();
    const net = await createBridgeNetwork({ kernel, netns: hostNs }, ipam, { id: 'dbktestpn', name: 'pn', bridge: 'dbkbr0', subnet: '10.213.30.0/24' });
    const ctr = await sb.netns('pctr');
    const ep = await attachToBridge({ kernel, netns: hostNs }, ipam, net, { container: 'web', netnsPath: ctr });

    // A second wire into the test host: the "outside world" a client comes from.
    const out = await sb.netns('pout');
    await kernel.linkAdd({ kind: 'veth', name: 'dbkout0', peer: 'dbkout1' }, { netns: hostNs });
    await kernel.linkSet('dbkout1', { netns: out }, { netns: hostNs });
    await kernel.addrAdd('dbkout0', '10.213.31.1/24', { netns: hostNs });
    await kernel.linkSet('dbkout0', { up: true }, { netns: hostNs });
    await kernel.addrAdd('dbkout1', '10.213.31.2/24', { netns: out });
    await kernel.linkSet('dbkout1', { up: true }, { netns: out });
    expect((await sb.run(hostNs, ['/bin/busybox', 'sysctl', '-w', 'net.ipv4.ip_forward=1'])).code).toBe(0);

    const [binding] = new PortAllocator().bindAll('web', parsePortSpec('8080:80'));
    await applyNatRules(kernel, 'dbktest_nat', {
      dnat: [{ binding: binding!, containerIp: ep.address, bridge: 'dbkbr0' }],
      masquerade: [{ subnet: net.subnet, bridge: 'dbkbr0' }],
    }, { netns: hostNs });

    const server = await kernel.spawn({
      argv: ['/bin/busybox', 'nc', '-ll', '-p', '80', '-e', '/bin/busybox', 'echo', 'dbk-hello'],
      namespaces: { join: { net: ctr } }, stdio: { kind: 'ignore' },
    });
    try {
      let answer = '';
      for (let i = 0; i < 20 && !answer.includes('dbk-hello'); i++) {
        const client = await kernel.spawn({ argv: ['/bin/busybox', 'nc', '-w', '2', '10.213.31.1', '8080'], namespaces: { join: { net: out } } });
        await client.stdin?.end();
        answer = await readAll(client.stdout);
        await client.exited;
        if (!answer) await kernel.sleep(100);
      }
      expect(answer.trim()).toBe('dbk-hello');

      // Without the rules the same connection finds nothing on the test host.
      await removeNatRules(kernel, 'dbktest_nat', { netns: hostNs });
      const client = await kernel.spawn({ argv: ['/bin/busybox', 'nc', '-w', '1', '10.213.31.1', '8080'], namespaces: { join: { net: out } } });
      await client.stdin?.end();
      expect(await readAll(client.stdout)).toBe('');
      expect((await client.exited).code).not.toBe(0);
    } finally {
      await kernel.kill(server.pid, 'SIGKILL');
      await server.exited;
    }
  });
});
