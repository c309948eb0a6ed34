// The simulator's network against the real kernel, same lab on both (a
// namespace playing the host with a bridge, two namespaces on it): wall
// time for busybox `ping -c 1` from one to the other, and for `nc` carrying
// 100 KB from a server in one to a client in the other. The sim runs on its
// virtual clock, so its wall time is the cost of the model itself.
// Real namespaces are named dbkbench-sn-<pid>-…, deleted at the end.
import type { Kernel } from '../core/kernel/kernel.js';
import { LinuxKernel } from '../core/kernel/linux/linux-kernel.js';
import { SimKernel } from '../core/sim/index.js';
import { runIn } from '../test/sim/net-scenarios.js';
import { bridgeLab, type BridgeLab } from '../test/sim/net-topology.js';
import { report, timeRuns } from './stats.js';

const N = Number(process.env['BENCH_RUNS'] ?? 20);
const PAYLOAD = 'x'.repeat(100 * 1024);

/**
 * The server sends the payload and half-closes at the end of its stdin; the
 * client keeps its stdin open (busybox nc stops reading its socket's peer once
 * that peer half-closes first) and exits at the server's FIN.
 */
async function transfer(k: Kernel, lab: BridgeLab): Promise<void> {
  const server = await k.spawn({ argv: ['/bin/busybox', 'nc', '-l', '-p', '9000'], env: { PATH: '/bin' }, namespaces: { join: { net: lab.b.netns } } });
  await server.stdin!.write(PAYLOAD);
  await server.stdin!.end();
  await k.sleep(50);
  const client = await k.spawn({ argv: ['/bin/busybox', 'nc', lab.b.ip, '9000'], env: { PATH: '/bin' }, namespaces: { join: { net: lab.a.netns } } });
  let got = 0;
  for await (const c of client.stdout!) got += c.length;
  await Promise.all([client.exited, server.exited]);
  if (got !== PAYLOAD.length) throw new Error(`nc carried ${got} bytes`);
}

async function ping(k: Kernel, lab: BridgeLab): Promise<void> {
  const r = await runIn(k, lab.a.netns, ['ping', '-c', '1', lab.b.ip]);
  if (r.code !== 0) throw new Error(`ping failed: ${r.out}${r.err}`);
}

const real = new LinuxKernel();
const hostName = `dbkbench-sn-${process.pid}-host`;
const host = await real.netnsCreate(hostName);
let realLab: BridgeLab | null = null;
try {
  realLab = await bridgeLab(real, { nsPrefix: `dbkbench-sn-${process.pid}-`, host, subnet: 216 });
  const sim = new SimKernel({ seed: 5 });
  const simLab = await bridgeLab(sim, { nsPrefix: 'sn-', host: await sim.netnsCreate('host'), subnet: 216 });
  const rows = [
    { name: 'real: ping -c 1 across the bridge', ms: await timeRuns(N, () => ping(real, realLab!)) },
    { name: 'sim: ping -c 1 across the bridge', ms: await timeRuns(N, () => ping(sim, simLab)) },
    { name: 'real: nc 100 KB across the bridge', ms: await timeRuns(N, () => transfer(real, realLab!)) },
    { name: 'sim: nc 100 KB across the bridge', ms: await timeRuns(N, () => transfer(sim, simLab)) },
  ];
  report(rows, 'real: ping -c 1 across the bridge');
  sim.shutdown();
} finally {
  await realLab?.teardown();
  await real.netnsDelete(hostName).catch(() => {});
}
