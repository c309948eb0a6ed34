import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinuxKernel } from '../../../core/kernel/linux/linux-kernel.js';
import { LogReceivers } from '../../../core/labs/log-receivers/log-receivers.js';
import type { LogReceiverSpec } from '../../../labs/lab-types.js';
import { HAVE_DOCKERD, startDockerd, type ThrowawayDockerd } from '../../helpers/dockerd.js';
import { uniqueName } from '../../helpers/host.js';

// Ports on the host's loopback for this run only: the throwaway dockerd dials from the host's namespace.
const BASE = 41000 + (process.pid % 4000) * 4;
const SPECS: readonly LogReceiverSpec[] = [
  { name: 'udp', protocol: 'syslog', transport: 'udp', port: BASE },
  { name: 'tcp', protocol: 'syslog', transport: 'tcp', port: BASE + 1 },
  { name: 'fwd', protocol: 'fluentd', transport: 'tcp', port: BASE + 2 },
];
const IMAGE = 'dbktest/logbox:1';

/** Real Docker is the reference: the receivers must parse what its own drivers send, not only what dockbook's shim sends. */
describe.skipIf(!HAVE_DOCKERD)('the lab\'s receivers parse what real Docker sends (throwaway dockerd)', () => {
  const kernel = new LinuxKernel();
  let dockerd: ThrowawayDockerd;
  let receivers: LogReceivers;
  const run = (...args: string[]) => dockerd.docker(['run', '--rm', '--network', 'none', ...args]).toString().trim();

  beforeAll(async () => {
    dockerd = await startDockerd();
    // A one-binary image: the host's static busybox and a shell link, imported as a layer.
    const root = `/tmp/${uniqueName('logbox')}`;
    try {
      mkdirSync(`${root}/bin`, { recursive: true });
      copyFileSync('/bin/busybox', `${root}/bin/busybox`);
      symlinkSync('busybox', `${root}/bin/sh`);
      dockerd.docker(['import', '-', IMAGE], execFileSync('tar', ['-C', root, '-c', '.'], { maxBuffer: 64 << 20 }));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    receivers = await LogReceivers.start(kernel, SPECS, {});
  }, 120_000);

  afterAll(async () => {
    await receivers?.stop();
    await dockerd?.stop();
  }, 60_000);

  const eventually = async (name: string, count: number) => {
    for (let i = 0; i < 100 && receivers.snapshot(name)!.lines.length < count; i++) await kernel.sleep(50);
    return receivers.snapshot(name)!;
  };

  it('syslog over UDP with no format: the BSD header without a host (Go\'s UnixFormatter), the short id as tag, daemon.info and daemon.err', async () => {
    run('--log-driver', 'syslog', '--log-opt', `syslog-address=udp://127.0.0.1:${BASE}`, '--name', 'dbktest-udp', IMAGE, '/bin/sh', '-c', 'echo hello udp; echo oops >&2');
    const got = await eventually('udp', 2);
    expect(got.receiver.errors).toEqual([]);
    const id = got.lines[0]!.tag;
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(got.lines.map((l) => [l.text, l.tag, l.fields['format'], l.fields['hostname'], l.fields['facility'], l.fields['severity']]).sort()).toEqual([
      ['hello udp', id, 'rfc3164', null, 'daemon', 'info'], ['oops', id, 'rfc3164', null, 'daemon', 'err'],
    ]);
  }, 60_000);

  it('syslog over TCP in RFC 5424 and RFC 3164, with a tag and a facility', async () => {
    const opts = ['--log-driver', 'syslog', '--log-opt', `syslog-address=tcp://127.0.0.1:${BASE + 1}`, '--log-opt', 'tag=web', '--log-opt', 'syslog-facility=local0'];
    run(...opts, '--log-opt', 'syslog-format=rfc5424', IMAGE, '/bin/sh', '-c', 'echo five four two four');
    run(...opts, '--log-opt', 'syslog-format=rfc3164', IMAGE, '/bin/sh', '-c', 'echo three one six four');
    const got = await eventually('tcp', 2);
    expect(got.receiver.errors).toEqual([]);
    expect(got.lines.map((l) => [l.text, l.tag, l.fields['format'], l.fields['pri'], l.fields['msgId']])).toEqual([
      ['five four two four', 'web', 'rfc5424', 134, 'web'], ['three one six four', 'web', 'rfc3164', 134, null],
    ]);
  }, 60_000);

  it('fluentd: [tag, time, record] with the short id as tag, the container\'s name and the stream', async () => {
    run('--log-driver', 'fluentd', '--log-opt', `fluentd-address=127.0.0.1:${BASE + 2}`, '--name', 'dbktest-fwd', IMAGE, '/bin/sh', '-c', 'echo hello forward');
    const got = await eventually('fwd', 1);
    expect(got.receiver.errors).toEqual([]);
    const [line] = got.lines;
    expect(line?.tag).toMatch(/^[0-9a-f]{12}$/);
    expect(line && [line.text, line.fields['container_name'], line.fields['source'], line.fields['mode']]).toEqual(['hello forward', '/dbktest-fwd', 'stdout', 'message']);
    expect(String(line?.fields['container_id'])).toMatch(new RegExp(`^${line!.tag}[0-9a-f]{52}$`));
  }, 60_000);
});
