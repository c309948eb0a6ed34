import { afterEach, describe, expect, it } from 'vitest';
import { LinuxKernel } from '../../../core/kernel/linux/linux-kernel.js';
import type { Kernel } from '../../../core/kernel/kernel.js';
import type { NetNsRef, RemoteLogDriver } from '../../../core/kernel/types.js';
import { LogReceivers } from '../../../core/labs/log-receivers/log-receivers.js';
import { SimKernel } from '../../../core/sim/index.js';
import { dialLogReceiver, fluentdMessage, syslogMessage } from '../../../core/engine/log-drivers/remote-log.js';
import { describeRoot, uniqueName } from '../../helpers/host.js';

const SPECS = [
  { name: 'udp', protocol: 'syslog', transport: 'udp', port: 5514 },
  { name: 'tcp', protocol: 'syslog', transport: 'tcp', port: 5601 },
  { name: 'fwd', protocol: 'fluentd', transport: 'tcp', port: 24224 },
] as const;

const syslog = (address: string, format: string): Extract<RemoteLogDriver, { kind: 'syslog' }> => ({ kind: 'syslog', address, format, facility: 16, tag: 'web' });
const fluentd: Extract<RemoteLogDriver, { kind: 'fluentd' }> = {
  kind: 'fluentd', address: 'tcp:127.0.0.1:24224', tag: 'docker.abcdef123456', containerId: 'abcdef123456'.padEnd(64, '0'), containerName: '/fluent', subSecond: true,
};

async function until(k: Kernel, done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await k.sleep(10);
}

/** The same scenario on either kernel: three receivers, the shim's three kinds of sender, then nothing left listening. */
function receiversWork(make: () => Promise<{ kernel: Kernel; where: NetNsRef; dispose: () => Promise<void> }>): void {
  let dispose: (() => Promise<void>) | null = null;
  afterEach(async () => { await dispose?.(); dispose = null; });

  it('parse what the shim sends over UDP, TCP and the Forward protocol, in order, and free their ports on stop', async () => {
    const host = await make();
    dispose = host.dispose;
    const { kernel, where } = host;
    const r = await LogReceivers.start(kernel, SPECS, where);
    try {
      const ms = Date.UTC(2026, 11, 7, 2, 4, 19, 250);
      const udp = await dialLogReceiver(kernel, syslog('udp:127.0.0.1:5514', ''), where);
      udp.send(new TextEncoder().encode(syslogMessage(syslog('udp:127.0.0.1:5514', ''), { stream: 'stderr', text: 'over udp', ms }, 'labhost', 7)));
      const tcp = await dialLogReceiver(kernel, syslog('tcp:127.0.0.1:5601', 'rfc5424'), where);
      for (const text of ['one', 'two']) tcp.send(new TextEncoder().encode(syslogMessage(syslog('tcp:127.0.0.1:5601', 'rfc5424'), { stream: 'stdout', text, ms }, 'labhost', 7)));
      const fwd = await dialLogReceiver(kernel, fluentd, where);
      fwd.send(fluentdMessage(fluentd, { stream: 'stdout', text: 'over forward', ms }));
      await until(kernel, () => r.snapshot('udp')!.lines.length + r.snapshot('tcp')!.lines.length + r.snapshot('fwd')!.lines.length >= 4);
      for (const s of [udp, tcp, fwd]) s.close();

      expect(r.snapshot('udp')!.lines.map((l) => [l.text, l.tag, l.fields['facility'], l.fields['severity'], l.fields['hostname']])).toEqual([['over udp', 'web', 'local0', 'err', null]]); // no syslog-format: dockerd's header has no host
      expect(r.snapshot('tcp')!.lines.map((l) => [l.seq, l.text, l.fields['format'], l.fields['pri'], l.fields['timestamp']])).toEqual([
        [1, 'one', 'rfc5424', 134, '2026-12-07T02:04:19Z'], [2, 'two', 'rfc5424', 134, '2026-12-07T02:04:19Z'],
      ]);
      expect(r.snapshot('fwd')!.lines.map((l) => [l.text, l.tag, l.fields['container_name'], l.fields['source'], l.fields['time']])).toEqual([
        ['over forward', 'docker.abcdef123456', '/fluent', 'stdout', ms / 1000],
      ]);
      expect(r.infos().map((i) => i.address)).toEqual(['udp://127.0.0.1:5514', 'tcp://127.0.0.1:5601', 'tcp://127.0.0.1:24224']);
      expect(r.snapshot('nobody')).toBeNull();
    } finally {
      await r.stop();
    }
    // Nothing is left listening: the same ports bind again.
    const again = await LogReceivers.start(kernel, SPECS, where);
    await again.stop();
    await expect(kernel.tcpConnect({ address: '127.0.0.1', port: 24224 }, where)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('counts what it cannot parse as an error instead of a line', async () => {
    const host = await make();
    dispose = host.dispose;
    const r = await LogReceivers.start(host.kernel, [SPECS[0]], host.where);
    try {
      const sock = await host.kernel.udpBind({ address: '127.0.0.1', port: 0 }, host.where);
      await sock.send(new TextEncoder().encode('no pri here'), { address: '127.0.0.1', port: 5514 });
      await until(host.kernel, () => r.snapshot('udp')!.receiver.errors.length > 0);
      await sock.close();
      expect(r.snapshot('udp')!.lines).toEqual([]);
      expect(r.snapshot('udp')!.receiver.errors).toEqual(['not a syslog message: no pri here']);
    } finally {
      await r.stop();
    }
  });

  it('fails to start on a port already taken, leaving none of its other sockets open', async () => {
    const host = await make();
    dispose = host.dispose;
    const taken = await host.kernel.tcpListen({ address: '127.0.0.1', port: 24224 }, host.where);
    try {
      await expect(LogReceivers.start(host.kernel, SPECS, host.where)).rejects.toThrow(/EADDRINUSE/);
      const first = await host.kernel.udpBind({ address: '127.0.0.1', port: 5514 }, host.where);
      await first.close();
    } finally {
      await taken.close();
    }
  });
}

describe('log receivers on the simulator', () => receiversWork(async () => {
  const kernel = new SimKernel({ seed: 3 });
  return { kernel, where: {}, dispose: async () => kernel.shutdown() };
}));

describeRoot('log receivers on the real kernel, in a network namespace of their own', () => receiversWork(async () => {
  const kernel = new LinuxKernel();
  const name = uniqueName('logrx');
  const netns = await kernel.netnsCreate(name);
  await kernel.linkSet('lo', { up: true }, { netns });
  return { kernel, where: { netns }, dispose: () => kernel.netnsDelete(name) };
}));
