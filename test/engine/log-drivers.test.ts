// Logging drivers through a real dockbook daemon, driven by the real docker
// client and by `dockbook`: json-file rotation read back by `logs`, and syslog
// and fluentd lines arriving at receivers this test starts on loopback and on
// a unix socket in its own temp dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { decodeMulti } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { describeRoot } from '../helpers/host.js';
import { type CommandResult, DOCKBOOK_BIN, DOCKER_28, EngineSandbox, useEngineSandbox } from './engine-sandbox.js';

let engine: EngineSandbox;

/** A client run that leaves the event loop free, so the receivers below can read meanwhile. */
function run(file: string, args: readonly string[], env: Record<string, string>): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

const clients = [
  ...(existsSync(DOCKER_28) ? [{ id: 'docker 28', run: (...a: string[]) => run(DOCKER_28, a, engine.dockerEnv) }] : []),
  { id: 'dockbook', run: (...a: string[]) => run(process.execPath, [DOCKBOOK_BIN, ...a], engine.dockbookEnv) },
];

async function eventually(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

/** Prints `line-0` … `line-(n-1)` and exits. */
const countTo = (n: number) => ['sh', '-c', `i=0; while [ $i -lt ${n} ]; do echo line-$i; i=$((i+1)); done`];

describeRoot('logging drivers', () => {
  const stops: (() => void)[] = [];

  useEngineSandbox((e) => { engine = e; }, { afterEach: () => { for (const stop of stops.splice(0)) stop(); } });

  /** A syslog receiver on a loopback UDP port: the datagrams it got, and the log-opt that points at it. */
  async function udpReceiver(): Promise<{ got: string[]; address: string }> {
    const got: string[] = [];
    const sock = createSocket('udp4');
    sock.on('message', (m) => got.push(m.toString()));
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    stops.push(() => sock.close());
    return { got, address: `syslog-address=udp://127.0.0.1:${sock.address().port}` };
  }

  describe.each(clients)('$id', (client) => {
    it('json-file rotates at max-size into -json.log.1 and .2, keeps max-file files, and logs reads every kept line in order', async () => {
      const r = await client.run('run', '--name', 'dbktest-rot', '--log-opt', 'max-size=2k', '--log-opt', 'max-file=3', 'busybox', ...countTo(400));
      expect(r.code, r.stderr).toBe(0);
      const path = (await client.run('inspect', '-f', '{{.LogPath}}', 'dbktest-rot')).stdout.trim();
      const id = (await client.run('inspect', '-f', '{{.Id}}', 'dbktest-rot')).stdout.trim();
      expect(path.endsWith(`/${id}-json.log`)).toBe(true);
      const files = readdirSync(join(path, '..')).filter((f) => f.startsWith(`${id}-json.log`)).sort();
      expect(files).toEqual([`${id}-json.log`, `${id}-json.log.1`, `${id}-json.log.2`]);
      for (const rotated of [`${path}.1`, `${path}.2`]) {
        // A file rotates once it has reached 2 KiB, so it holds at least that and at most one line more.
        expect(statSync(rotated).size).toBeGreaterThanOrEqual(2048);
        expect(statSync(rotated).size).toBeLessThan(2048 + 120);
      }
      const shown = (await client.run('logs', 'dbktest-rot')).stdout.trim().split('\n');
      const last = Number(shown.at(-1)!.slice('line-'.length));
      const first = Number(shown[0]!.slice('line-'.length));
      expect(last).toBe(399);
      // The oldest kept file starts where `logs` starts: the rotated files are read too.
      const oldest = JSON.parse(readFileSync(`${path}.2`, 'utf8').split('\n')[0]!) as { log: string; stream: string };
      expect(oldest).toMatchObject({ log: `line-${first}\n`, stream: 'stdout' });
      expect(first).toBeGreaterThan(0);
      expect(shown).toEqual(Array.from({ length: last - first + 1 }, (_, k) => `line-${first + k}`));
      expect((await client.run('logs', '--tail', '3', 'dbktest-rot')).stdout).toBe('line-397\nline-398\nline-399\n');
      const stamped = (await client.run('logs', '-t', '--tail', '1', 'dbktest-rot')).stdout;
      expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line-399\n$/);
    });

    it('logs --since in the future shows nothing, and --since long ago everything', async () => {
      expect((await client.run('run', '--name', 'dbktest-since', 'busybox', ...countTo(3))).code).toBe(0);
      expect((await client.run('logs', '--since', '2099-01-01T00:00:00Z', 'dbktest-since')).stdout).toBe('');
      expect((await client.run('logs', '--since', '2000-01-01T00:00:00Z', 'dbktest-since')).stdout).toBe('line-0\nline-1\nline-2\n');
      expect((await client.run('logs', '--until', '2000-01-01T00:00:00Z', 'dbktest-since')).stdout).toBe('');
    });

    it('logs -f follows a container across rotations without losing or repeating a line', async () => {
      const started = await client.run('run', '-d', '--name', 'dbktest-follow', '--log-opt', 'max-size=1k', '--log-opt', 'max-file=5', 'busybox',
        'sh', '-c', 'sleep 1; i=0; while [ $i -lt 60 ]; do echo line-$i; i=$((i+1)); usleep 20000; done');
      expect(started.code, started.stderr).toBe(0);
      const followed = await client.run('logs', '-f', 'dbktest-follow');
      expect(followed.stdout).toBe(Array.from({ length: 60 }, (_, k) => `line-${k}\n`).join(''));
    });

    it('refuses an unknown driver or option at create, with dockerd\'s words, and makes nothing', async () => {
      const badDriver = await client.run('run', '--name', 'dbktest-bad', '--log-driver', 'nosuch', 'busybox');
      expect(badDriver.code).toBe(125);
      expect(badDriver.stderr).toContain("logger: no log driver named 'nosuch' is registered");
      const badOpt = await client.run('run', '--name', 'dbktest-bad', '--log-opt', 'colour=blue', 'busybox');
      expect(badOpt.code).toBe(125);
      expect(badOpt.stderr).toContain("unknown log opt 'colour' for json-file log driver");
      const badFiles = await client.run('create', '--name', 'dbktest-bad', '--log-opt', 'max-size=1k', '--log-opt', 'max-file=0', 'busybox');
      expect(badFiles.stderr).toContain('max-file cannot be less than 1');
      const badScheme = await client.run('create', '--name', 'dbktest-bad', '--log-driver', 'syslog', '--log-opt', 'syslog-address=http://127.0.0.1:1', 'busybox');
      expect(badScheme.stderr).toContain("unsupported scheme: 'http'");
      const badFormat = await client.run('create', '--name', 'dbktest-bad', '--log-driver', 'syslog', '--log-opt', 'syslog-format=xml', 'busybox');
      expect(badFormat.stderr).toContain('Invalid syslog format');
      expect((await client.run('ps', '-aq')).stdout).toBe('');
    });

    it('syslog over UDP gets each line as RFC 5424 with the tag, info for stdout and err for stderr', async () => {
      const { got, address } = await udpReceiver();
      const r = await client.run('run', '--name', 'dbktest-sys', '--log-driver', 'syslog', '--log-opt', address,
        '--log-opt', 'syslog-format=rfc5424', '--log-opt', 'tag=web-{{.Name}}', 'busybox', 'sh', '-c', 'echo to-out; echo to-err >&2');
      expect(r.code, r.stderr).toBe(0);
      await eventually('two datagrams', () => got.length >= 2);
      // <daemon*8 + info(6)>1 TIMESTAMP HOST TAG PID TAG - MSG
      const out = got.find((g) => g.includes('to-out'))!;
      expect(out).toMatch(/^<30>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d) \S+ web-dbktest-sys \d+ web-dbktest-sys - to-out\n$/);
      expect(got.find((g) => g.includes('to-err'))).toMatch(/^<27>1 .* web-dbktest-sys - to-err\n$/);
    });

    it('a -t container with syslog sends what its terminal prints to the receiver too, a line per datagram', async () => {
      const { got, address } = await udpReceiver();
      const r = await client.run('run', '-t', '--name', 'dbktest-systty', '--log-driver', 'syslog', '--log-opt', address, '--log-opt', 'tag=tty', 'busybox', 'sh', '-c', 'echo from-a-tty; echo second');
      expect(r.code, r.stderr).toBe(0);
      await eventually('two datagrams', () => got.length >= 2);
      // A terminal ends its lines with \r\n; Docker's copier cuts at the \n and keeps the \r.
      expect(got).toEqual([expect.stringMatching(/^<30>.* tty\[\d+\]: from-a-tty\r\n$/), expect.stringMatching(/: second\r\n$/)]);
    });

    // dockerd 20.10 here, with no syslog-format: Go's Unix formatter on every transport, `<PRI>Mmm dd hh:mm:ss TAG[PID]: MSG` (no host).
    it('syslog over UDP with no format gets dockerd\'s default header: a local time, no host, the short id as tag', async () => {
      const { got, address } = await udpReceiver();
      const r = await client.run('run', '--name', 'dbktest-sysdef', '--log-driver', 'syslog', '--log-opt', address, 'busybox', 'echo', 'plain');
      expect(r.code, r.stderr).toBe(0);
      const id = (await client.run('inspect', '-f', '{{.Id}}', 'dbktest-sysdef')).stdout.trim();
      await eventually('one datagram', () => got.length >= 1);
      expect(got[0]).toMatch(new RegExp(`^<30>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d ${id.slice(0, 12)}\\[\\d+\\]: plain\\n$`));
    });

    // dockerd 20.10 here: a foreground run with syslog prints its output, `logs` reads it back from
    // <container dir>/container-cached.log (mode 0640), and with cache-disabled=true the run still
    // prints while `logs` fails with 501 "configured logging driver does not support reading".
    it('dual logging: a syslog container\'s lines reach the receiver and a local cache that logs and a foreground run read', async () => {
      const { got, address } = await udpReceiver();
      const r = await client.run('run', '--name', 'dbktest-dual', '--log-driver', 'syslog', '--log-opt', address, 'busybox', ...countTo(100));
      expect(r.code, r.stderr).toBe(0);
      const all = Array.from({ length: 100 }, (_, k) => `line-${k}\n`).join('');
      expect(r.stdout).toBe(all);
      await eventually('100 datagrams', () => got.length >= 100);
      expect((await client.run('logs', 'dbktest-dual')).stdout).toBe(all);
      const id = (await client.run('inspect', '-f', '{{.Id}}', 'dbktest-dual')).stdout.trim();
      expect(statSync(join(engine.root, 'containers', id, 'container-cached.log')).mode & 0o777).toBe(0o640);
    });

    it('dual logging: the cache rotates at cache-max-size and keeps cache-max-file files', async () => {
      const r = await client.run('run', '-d', '--name', 'dbktest-dualrot', '--log-driver', 'syslog', '--log-opt', 'syslog-address=udp://127.0.0.1:9',
        '--log-opt', 'cache-max-size=1k', '--log-opt', 'cache-max-file=2', 'busybox', ...countTo(100));
      expect(r.code, r.stderr).toBe(0);
      expect((await client.run('wait', 'dbktest-dualrot')).stdout.trim()).toBe('0');
      const id = (await client.run('inspect', '-f', '{{.Id}}', 'dbktest-dualrot')).stdout.trim();
      const cache = join(engine.root, 'containers', id, 'container-cached.log');
      // Two files kept: logs shows the newest lines, in order, ending with the last.
      expect(statSync(`${cache}.1`).size).toBeGreaterThanOrEqual(1024);
      expect(existsSync(`${cache}.2`)).toBe(false);
      const shown = (await client.run('logs', 'dbktest-dualrot')).stdout.trim().split('\n');
      expect(shown.length).toBeLessThan(100);
      expect(shown).toEqual(Array.from({ length: shown.length }, (_, k) => `line-${100 - shown.length + k}`));
    });

    it('dual logging with cache-disabled=true: the foreground run still prints, logs refuses as dockerd does', async () => {
      const r = await client.run('run', '--name', 'dbktest-nocache', '--log-driver', 'syslog', '--log-opt', 'syslog-address=udp://127.0.0.1:9',
        '--log-opt', 'cache-disabled=true', 'busybox', 'sh', '-c', 'echo to-out; echo to-err >&2');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('to-out\n');
      expect(r.stderr).toBe('to-err\n');
      const logs = await client.run('logs', 'dbktest-nocache');
      expect(logs.code).not.toBe(0);
      expect(logs.stderr).toContain('configured logging driver does not support reading');
      const id = (await client.run('inspect', '-f', '{{.Id}}', 'dbktest-nocache')).stdout.trim();
      expect(existsSync(join(engine.root, 'containers', id, 'container-cached.log'))).toBe(false);
      const bad = await client.run('create', '--name', 'dbktest-bad', '--log-driver', 'syslog', '--log-opt', 'cache-disabled=maybe', 'busybox');
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('invalid value for option cache-disabled: maybe');
    });

    it('syslog over TCP in RFC 3164 with the default tag (the short id)', async () => {
      let text = '';
      const server: Server = createServer((c) => c.on('data', (d: Buffer) => { text += d.toString(); }));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      stops.push(() => server.close());
      const port = (server.address() as { port: number }).port;
      const r = await client.run('run', '--name', 'dbktest-tcp', '--log-driver', 'syslog', '--log-opt', `syslog-address=tcp://127.0.0.1:${port}`,
        '--log-opt', 'syslog-format=rfc3164', '--log-opt', 'syslog-facility=local3', 'busybox', ...countTo(3));
      expect(r.code, r.stderr).toBe(0);
      const id = (await client.run('inspect', '-f', '{{.Id}}', 'dbktest-tcp')).stdout.trim();
      await eventually('three lines', () => text.split('\n').length > 3);
      // local3 is facility 19: 19*8 + 6.
      const lines = text.trim().split('\n');
      expect(lines).toHaveLength(3);
      lines.forEach((l, k) => expect(l).toMatch(new RegExp(`^<158>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ ${id.slice(0, 12)}\\[\\d+\\]: line-${k}$`)));
    });

    it('syslog to a unix datagram socket in the local format', async () => {
      const path = join(engine.dir, `dbktest-syslog-${client.id.replace(/\W/g, '')}.sock`);
      const receiver: ChildProcess = spawn('python3', ['-c', [
        'import socket,sys',
        's=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)',
        `s.bind(${JSON.stringify(path)})`,
        'print("ready", flush=True)',
        'while True:',
        '  sys.stdout.write(s.recv(65536).decode()); sys.stdout.flush()',
      ].join('\n')], { stdio: ['ignore', 'pipe', 'inherit'] });
      stops.push(() => receiver.kill('SIGKILL'));
      let text = '';
      receiver.stdout!.on('data', (d: Buffer) => { text += d.toString(); });
      await eventually('the receiver is bound', () => text.startsWith('ready\n'));
      const r = await client.run('run', '--name', 'dbktest-unix', '--log-driver', 'syslog', '--log-opt', `syslog-address=unixgram://${path}`,
        '--log-opt', 'tag=app', 'busybox', 'echo', 'via-unix');
      expect(r.code, r.stderr).toBe(0);
      await eventually('one message', () => text.includes('via-unix'));
      expect(text.slice('ready\n'.length)).toMatch(/^<30>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d app\[\d+\]: via-unix\n$/);
    });

    it('fluentd gets [tag, time, record] in msgpack over TCP, with the container\'s id, name and stream', async () => {
      let received = Buffer.alloc(0);
      const server = createServer((c) => c.on('data', (d: Buffer) => { received = Buffer.concat([received, d]); }));
      /** Every whole message so far (a message can arrive in pieces: the last one may not be whole yet). */
      const messages = (): unknown[] => {
        const out: unknown[] = [];
        try { for (const m of decodeMulti(received)) out.push(m); } catch { /* incomplete tail */ }
        return out;
      };
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      stops.push(() => server.close());
      const port = (server.address() as { port: number }).port;
      const before = Math.floor(Date.now() / 1000);
      const r = await client.run('run', '--name', 'dbktest-fluent', '--log-driver', 'fluentd', '--log-opt', `fluentd-address=127.0.0.1:${port}`,
        'busybox', 'sh', '-c', 'echo first; echo second >&2');
      expect(r.code, r.stderr).toBe(0);
      const id = (await client.run('inspect', '-f', '{{.Id}}', 'dbktest-fluent')).stdout.trim();
      await eventually('two messages', () => messages().length >= 2);
      const byLog = Object.fromEntries((messages() as [string, number, Record<string, string>][]).map((m) => [m[2]['log'], m]));
      expect(byLog['first']).toEqual([id.slice(0, 12), expect.any(Number), { container_id: id, container_name: '/dbktest-fluent', source: 'stdout', log: 'first' }]);
      expect(byLog['second']![2]).toEqual({ container_id: id, container_name: '/dbktest-fluent', source: 'stderr', log: 'second' });
      expect(byLog['first']![1]).toBeGreaterThanOrEqual(before - 1);
      expect(byLog['first']![1]).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    });

    it('fluentd loses no line while the daemon is killed and restarted: the shim owns the connection', async () => {
      let received = Buffer.alloc(0);
      const server = createServer((c) => c.on('data', (d: Buffer) => { received = Buffer.concat([received, d]); }));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      stops.push(() => server.close());
      const port = (server.address() as { port: number }).port;
      const logs = (): string[] => {
        const out: string[] = [];
        try { for (const m of decodeMulti(received)) out.push((m as [string, number, { log: string }])[2].log); } catch { /* incomplete tail */ }
        return out;
      };
      const r = await client.run('run', '-d', '--name', 'dbktest-survive', '--log-driver', 'fluentd', '--log-opt', `fluentd-address=127.0.0.1:${port}`,
        'busybox', 'sh', '-c', 'i=0; while [ $i -lt 40 ]; do echo line-$i; i=$((i+1)); usleep 50000; done');
      expect(r.code, r.stderr).toBe(0);
      await eventually('the first lines', () => logs().length >= 5);
      await engine.signal('SIGKILL');
      await new Promise((res) => setTimeout(res, 700));
      await engine.start();
      await eventually('all 40 lines', () => logs().length >= 40);
      expect(logs()).toEqual(Array.from({ length: 40 }, (_, k) => `line-${k}`));
      // The local cache is the shim's too: logs reads all of them after the restart.
      expect((await client.run('logs', 'dbktest-survive')).stdout).toBe(Array.from({ length: 40 }, (_, k) => `line-${k}\n`).join(''));
    });

    it('a fluentd receiver that is not listening fails the start, as Docker does', async () => {
      const server = createServer();
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as { port: number }).port;
      await new Promise<void>((r) => server.close(() => r()));
      const r = await client.run('run', '--name', 'dbktest-nofluent', '--log-driver', 'fluentd', '--log-opt', `fluentd-address=127.0.0.1:${port}`, 'busybox', 'true');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/connect.*ECONNREFUSED|connection refused/i);
    });
  });
});
