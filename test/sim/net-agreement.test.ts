import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { SimKernel } from '../../core/sim/index.js';
import { describeRoot, uniqueName } from '../helpers/host.js';
import { NetSandbox } from '../network/linux/sandbox.js';
import { dnatMatrix, enableForwarding, ipViews, kernelSockets, killLeftovers, macvlanMatrix, ncExchange, ncFails, pingMatrix, publish, runIn } from './net-scenarios.js';
import { bridgeLab, macvlanLab, type BridgeLab, type MacvlanLab } from './net-topology.js';

/**
 * The same lab on both kernels: a namespace playing the host with a bridge,
 * two namespaces on it, one outside namespace routed through the host;
 * then busybox ping and nc between all of them, and the engine's own nft
 * DNAT rules. The real side lives entirely in namespaces the test made.
 */
interface Side {
  kernel: Kernel;
  lab: BridgeLab;
  macvlan: MacvlanLab;
  done(): Promise<void>;
}

async function realSide(): Promise<Side> {
  const { LinuxKernel } = await import('../../core/kernel/linux/linux-kernel.js');
  const kernel = new LinuxKernel();
  const sb = await new NetSandbox(kernel).start();
  try {
    const prefix = `${uniqueName('sn')}-`;
    const lab = await bridgeLab(kernel, { nsPrefix: prefix, host: sb.hostPath, subnet: 213 });
    const macvlan = await macvlanLab(kernel, { nsPrefix: prefix, host: sb.hostPath, subnet: 215 }).catch(async (e) => { await lab.teardown(); throw e; });
    return { kernel, lab, macvlan, done: async () => { await killLeftovers(kernel); await macvlan.teardown(); await lab.teardown(); await sb.cleanup(); } };
  } catch (e) {
    await sb.cleanup();
    throw e;
  }
}

async function simSide(): Promise<Side> {
  const kernel = new SimKernel({ seed: 7 });
  const host = await kernel.netnsCreate('host');
  const lab = await bridgeLab(kernel, { nsPrefix: 'sn-', host, subnet: 213 });
  const macvlan = await macvlanLab(kernel, { nsPrefix: 'sn-', host, subnet: 215 });
  return { kernel, lab, macvlan, done: async () => kernel.shutdown() };
}

describeRoot('the simulated network agrees with the real kernel', () => {
  let real: Side;
  let sim: Side;
  beforeAll(async () => {
    real = await realSide();
    sim = await simSide();
    await enableForwarding(real.kernel, real.lab);
    await enableForwarding(sim.kernel, sim.lab);
  }, 60_000);
  afterAll(async () => {
    await real?.done();
    await sim?.done();
  });

  it('shows the same links, addresses and routes with busybox ip, ifconfig and route (MACs, IPv6 and counters aside)', async () => {
    const [r, s] = [await ipViews(real.kernel, real.lab), await ipViews(sim.kernel, sim.lab)];
    expect(s).toEqual(r);
  });

  it('gives the Kernel\'s sockets the same echoes and the same errnos', async () => {
    const [r, s] = [await kernelSockets(real.kernel, real.lab), await kernelSockets(sim.kernel, sim.lab)];
    expect(s).toEqual(r);
    expect(r).toMatchObject({
      'udp echo': 'echo hi from A (reply from B:7007)', 'tcp echo': 'got hello from A', 'udp bind a taken port': 'EADDRINUSE',
      'tcp connect, nothing listening': 'ECONNREFUSED', 'tcp connect, no route': 'ENETUNREACH', 'tcp connect, nobody on the subnet': 'EHOSTUNREACH',
    });
  }, 30_000);

  it('gives every ping between the namespaces the same exit code and lines (times aside)', async () => {
    const [r, s] = [await pingMatrix(real.kernel, real.lab), await pingMatrix(sim.kernel, sim.lab)];
    expect(s).toEqual(r);
    // The matrix is not trivially uniform: some pairs answer, some do not.
    expect(Object.values(r).filter((v) => v.startsWith('exit 0')).length).toBeGreaterThan(10);
    expect(Object.values(r).filter((v) => v.startsWith('exit 1')).length).toBeGreaterThan(4);
  }, 60_000);

  it('carries a TCP exchange, and fails refused, unreachable and routeless connections in the same words', async () => {
    const scenario = async (side: Side): Promise<unknown> => {
      const { kernel: k, lab } = side;
      return {
        'a → b on the bridge': await ncExchange(k, lab.b.netns, 9000, lab.a.netns, lab.b.ip),
        'outside → a, routed by the host': await ncExchange(k, lab.a.netns, 9000, lab.outside.netns, lab.a.ip),
        'a → b, closed port': await ncFails(k, lab.a.netns, lab.b.ip, 9001),
        'a → nobody on the subnet': await ncFails(k, lab.a.netns, lab.gateway.replace(/\.1$/, '.99'), 80),
        'host → no route': await ncFails(k, lab.host, '192.0.2.1', 80),
      };
    };
    const [r, s] = [await scenario(real), await scenario(sim)];
    expect(s).toEqual(r);
    expect(r).toMatchObject({ 'a → b on the bridge': { client: { code: 0, out: 'hello from server\n' }, server: 'hi from client\n' } });
  }, 60_000);

  it('DNATs a published port with the engine\'s nft rules as the real kernel does', async () => {
    await publish(real.kernel, real.lab, 'dockbook');
    await publish(sim.kernel, sim.lab, 'dockbook');
    const [r, s] = [await dnatMatrix(real.kernel, real.lab), await dnatMatrix(sim.kernel, sim.lab)];
    expect(s).toEqual(r);
    expect(r['outside → host:8080']).toMatch(/^ok/);
    expect(r['host → 127.0.0.1:8080']).toMatch(/Connection refused/);
  }, 60_000);

  it('keeps macvlan children apart from their parent\'s own host, as the real kernel does', async () => {
    const [r, s] = [await macvlanMatrix(real.kernel, real.macvlan), await macvlanMatrix(sim.kernel, sim.macvlan)];
    expect(s).toEqual(r);
    expect(r).toMatchObject({ 'host → c1': 'exit 1', 'lan → c1': 'exit 0', 'c1 → c2': 'exit 0', 'c1 kind, own MAC': 'macvlan, true' });
  }, 60_000);
});

describe('the agreement scenarios on the simulator alone', () => {
  it('notice a broken model: with forwarding off in the host, outside cannot reach the bridge', async () => {
    const s = await simSide();
    try {
      expect((await runIn(s.kernel, s.lab.host, ['sysctl', '-w', 'net.ipv4.ip_forward=0'])).code).toBe(0);
      const m = await pingMatrix(s.kernel, s.lab);
      expect(m['outside → a']).toMatch(/^exit 1/);
      await enableForwarding(s.kernel, s.lab);
      expect((await pingMatrix(s.kernel, s.lab))['outside → a']).toMatch(/^exit 0/);
    } finally {
      await s.done();
    }
  });
});
