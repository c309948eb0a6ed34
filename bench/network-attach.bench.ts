// Attaching a container to a bridge network (veth pair, the host end on the
// bridge, the other end moved into the container's namespace as eth0 with
// its MAC, address, loopback and default route): (a) the engine's
// attachToBridge through LinuxKernel; (b) the same steps by hand with `ip`,
// one command each, as a reference in the same run. Also (c) binding a UDP
// socket inside a namespace (how the embedded DNS and the proxy get theirs)
// and (d) one embedded-DNS query answered inside the container's namespace.
// Everything lives in namespaces named dbkbench-…, deleted at the end.
import { execFileSync } from 'node:child_process';
import * as dnsPacket from 'dns-packet';
import { LinuxKernel } from '../core/kernel/linux/linux-kernel.js';
import { attachToBridge, createBridgeNetwork } from '../core/network/bridge-network.js';
import { EmbeddedDns } from '../core/network/embedded-dns.js';
import { detachEndpoint } from '../core/network/endpoint.js';
import { Ipam } from '../core/network/ipam.js';
import { macFromIPv4 } from '../core/network/mac.js';
import { median, report, timeRuns } from './stats.js';

const N = Number(process.env['BENCH_RUNS'] ?? 50);
const kernel = new LinuxKernel();
const tag = `${process.pid}`;
const made: string[] = [];
const IP = '/usr/sbin/ip';

async function netns(name: string): Promise<string> {
  const path = await kernel.netnsCreate(`dbkbench-${name}-${tag}`);
  made.push(`dbkbench-${name}-${tag}`);
  return path;
}

async function dropNetns(path: string): Promise<void> {
  const name = path.split('/').pop()!;
  await kernel.netnsDelete(name);
  made.splice(made.indexOf(name), 1);
}

try {
  const hostPath = await netns('host');
  const hostName = hostPath.split('/').pop()!;
  const host = { kernel, netns: hostPath };
  const ipam = new Ipam();
  const net = await createBridgeNetwork(host, ipam, { id: 'dbkbench', name: 'bench', bridge: 'dbkbenchbr', subnet: '10.214.0.0/16' });
  const rows: { name: string; ms: number[] }[] = [];

  let i = 0;
  const engineMs: number[] = [];
  for (let k = 0; k < N; k++) {
    const ctr = await netns(`a${i++}`);
    const t0 = performance.now();
    const ep = await attachToBridge(host, ipam, net, { container: `c${i}`, netnsPath: ctr });
    engineMs.push(performance.now() - t0);
    await detachEndpoint(host, ipam, ep);
    await dropNetns(ctr);
  }
  rows.push({ name: '(a) attachToBridge (LinuxKernel)', ms: engineMs });

  const byHandMs: number[] = [];
  for (let k = 0; k < N; k++) {
    const ctr = await netns(`b${i++}`);
    const ctrName = ctr.split('/').pop()!;
    const addr = `10.214.200.${(k % 250) + 2}`;
    const ip = (...args: string[]) => execFileSync(IP, args, { stdio: 'ignore' });
    const t0 = performance.now();
    ip('-n', hostName, 'link', 'add', 'dbkbv0', 'type', 'veth', 'peer', 'name', 'dbkbv1');
    ip('-n', hostName, 'link', 'set', 'dbkbv0', 'master', 'dbkbenchbr', 'up');
    ip('-n', hostName, 'link', 'set', 'dbkbv1', 'netns', ctrName);
    ip('-n', ctrName, 'link', 'set', 'dbkbv1', 'name', 'eth0', 'address', macFromIPv4(addr));
    ip('-n', ctrName, 'addr', 'add', `${addr}/16`, 'dev', 'eth0');
    ip('-n', ctrName, 'link', 'set', 'eth0', 'up');
    ip('-n', ctrName, 'link', 'set', 'lo', 'up');
    ip('-n', ctrName, 'route', 'add', 'default', 'via', net.gateway, 'dev', 'eth0');
    byHandMs.push(performance.now() - t0);
    ip('-n', hostName, 'link', 'del', 'dbkbv0');
    await dropNetns(ctr);
  }
  rows.push({ name: '(b) the same with 8 ip commands', ms: byHandMs });

  const ctr = await netns('sock');
  await kernel.linkSet('lo', { up: true }, { netns: ctr });
  rows.push({
    name: '(c) udpBind+close inside a netns',
    ms: await timeRuns(N, async () => { await (await kernel.udpBind({ address: '127.0.0.1', port: 0 }, { netns: ctr })).close(); }),
  });

  const dns = await EmbeddedDns.start({ kernel, netnsPath: ctr, upstreams: [], upstreamWhere: {}, lookup: (name) => (name === 'web' ? ['10.214.0.2'] : null) });
  const client = await kernel.udpBind({ address: '127.0.0.1', port: 0 }, { netns: ctr });
  let waiting: (() => void) | null = null;
  client.onMessage(() => waiting?.());
  const query = dnsPacket.encode({ type: 'query', id: 1, questions: [{ type: 'A', name: 'web' }] });
  rows.push({
    name: '(d) embedded DNS query (in-netns UDP)',
    ms: await timeRuns(N, async () => {
      const got = new Promise<void>((resolve) => { waiting = resolve; });
      await client.send(query, { address: '127.0.0.11', port: 53 });
      await got;
    }),
  });
  await client.close();
  await dns.stop();

  report(rows, '(b) the same with 8 ip commands');
  process.stdout.write(`attach: engine ${median(engineMs).toFixed(2)} ms vs by hand ${median(byHandMs).toFixed(2)} ms (${(median(engineMs) / median(byHandMs)).toFixed(2)}×)\n`);
} finally {
  for (const name of made.splice(0)) await kernel.netnsDelete(name).catch(() => {});
}
