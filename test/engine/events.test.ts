// GET /events through a real dockbook daemon: what a run did, in order, as
// the real docker client and `dockbook events` list it; filters; the
// message's shape; and a live stream that sees an event as it happens.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeRoot } from '../helpers/host.js';
import { apiRequest, type CommandResult, DOCKBOOK_BIN, DOCKER_20, DOCKER_28, EngineSandbox, useEngineSandbox } from './engine-sandbox.js';

let engine: EngineSandbox;

function run(file: string, args: readonly string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

interface Client {
  readonly id: string;
  run(...args: string[]): Promise<CommandResult>;
  /** Starts a long-running command; its output so far, and a way to stop it. */
  start(...args: string[]): { output: () => string; stop: () => void; exited: Promise<number | null> };
}

function client(id: string, file: () => string, pre: string[], env: () => Record<string, string>): Client {
  return {
    id,
    run: (...a) => run(file(), [...pre, ...a], env()),
    start: (...a) => {
      const child = spawn(file(), [...pre, ...a], { env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
      const exited = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
      return { output: () => out, stop: () => { child.kill('SIGTERM'); }, exited };
    },
  };
}

const clients: Client[] = [
  ...(existsSync(DOCKER_28) ? [client('docker 28', () => DOCKER_28, [], () => engine.dockerEnv)] : []),
  ...(existsSync(DOCKER_20) ? [client('docker 20.10', () => DOCKER_20, [], () => engine.dockerEnv)] : []),
  client('dockbook', () => process.execPath, [DOCKBOOK_BIN], () => engine.dockbookEnv),
];

const nowSeconds = () => (Date.now() / 1000).toFixed(3);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * A `since` later than every event so far: the previous test's cleanup may have emitted its
 * destroy within this very millisecond, and since is inclusive, as in Docker.
 */
const sinceNow = async () => { await sleep(2); return nowSeconds(); };

async function eventually(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await sleep(50);
  }
  throw new Error(`gave up waiting: ${what}`);
}

describeRoot('engine events', () => {
  const stops: (() => void)[] = [];

  useEngineSandbox((e) => { engine = e; }, {
    afterEach: () => { for (const stop of stops.splice(0)) stop(); },
    beforeTeardown: (e) => apiRequest(e.socket, 'DELETE', '/v1.45/images/dbktest-ev:1').catch(() => null),
  });

  describe.each(clients)('$id', (c) => {
    it('events --since --until lists what a run did, in order, and ends', async () => {
      const since = await sinceNow();
      const ok = async (...a: string[]) => {
        const r = await c.run(...a);
        expect(r.code, `${a.join(' ')}: ${r.stderr}`).toBe(0);
      };
      expect((await c.run('run', '--name', 'dbktest-ev', '--label', 'course=book', 'busybox', 'sh', '-c', 'exit 3')).code).toBe(3);
      await ok('rename', 'dbktest-ev', 'dbktest-ev2');
      await ok('rm', 'dbktest-ev2');
      await ok('run', '-d', '--name', 'dbktest-live', 'busybox', 'sleep', '30');
      await ok('exec', 'dbktest-live', 'true');
      await ok('pause', 'dbktest-live');
      await ok('unpause', 'dbktest-live');
      await ok('kill', 'dbktest-live');
      expect((await c.run('wait', 'dbktest-live')).stdout.trim()).toBe('137');
      await ok('volume', 'create', 'dbktest-evvol');
      await ok('volume', 'rm', 'dbktest-evvol');
      await ok('tag', 'busybox', 'dbktest-ev:1');
      await ok('rmi', 'dbktest-ev:1');
      await sleep(200);
      const until = nowSeconds();
      const r = await c.run('events', '--since', since, '--until', until, '--format', '{{.Type}} {{.Action}} {{.Actor.Attributes.name}}');
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n').map((l) => l.replace(/(exec_\w+): .*? (\S+)$/, '$1 $2'));
      expect(lines).toEqual([
        'container create dbktest-ev',
        'network connect bridge',
        'container start dbktest-ev',
        'network disconnect bridge',
        'container die dbktest-ev',
        'container rename dbktest-ev2',
        'container destroy dbktest-ev2',
        'container create dbktest-live',
        'network connect bridge',
        'container start dbktest-live',
        'container exec_create dbktest-live',
        'container exec_start dbktest-live',
        'container exec_die dbktest-live',
        'container pause dbktest-live',
        'container unpause dbktest-live',
        'container kill dbktest-live',
        'network disconnect bridge',
        'container die dbktest-live',
        'volume create <no value>',
        'volume destroy <no value>',
        'image tag dbktest-ev:1',
        'image untag dbktest-ev:1',
      ]);
      // Filters: keys AND, values OR; event matches exec_create: <cmd> by its first word.
      const only = async (...f: string[]) => (await c.run('events', '--since', since, '--until', until, '--format', '{{.Action}}', ...f.flatMap((x) => ['--filter', x]))).stdout.trim().split('\n');
      expect(await only('event=die')).toEqual(['die', 'die']);
      expect(await only('type=volume')).toEqual(['create', 'destroy']);
      expect(await only('container=dbktest-live', 'event=exec_create', 'event=kill')).toEqual([expect.stringMatching(/^exec_create: true$/), 'kill']);
      expect(await only('label=course=book', 'event=die')).toEqual(['die']);
      expect(await only('image=busybox', 'event=create')).toEqual(['create', 'create']);
      // The default line: time, type, action, actor id, attributes sorted by key.
      const plain = await c.run('events', '--since', since, '--until', until, '--filter', 'event=die', '--filter', 'label=course');
      expect(plain.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}(Z|[+-]\d\d:\d\d) container die [0-9a-f]{64} \(course=book, execDuration=\d+, exitCode=3, image=busybox, name=dbktest-ev\)\n$/);
    });

    it('streams an event as it happens, to a client filtering on the container', async () => {
      await c.run('create', '--name', 'dbktest-stream', 'busybox', 'true');
      const watcher = c.start('events', '--filter', 'container=dbktest-stream', '--format', '{{.Action}}');
      stops.push(watcher.stop);
      await sleep(500);
      expect((await c.run('start', 'dbktest-stream')).code).toBe(0);
      await eventually('start and die arrive', () => /start\n(.*\n)*die\n/.test(watcher.output()));
      expect(watcher.output().split('\n')[0]).toBe('start');
    });

    it('an until in the future keeps the stream open until then and ends it', async () => {
      const since = await sinceNow();
      const until = (Date.now() / 1000 + 5).toFixed(3);
      const watcher = c.start('events', '--since', since, '--until', until, '--format', '{{.Action}} {{.Actor.Attributes.name}}');
      stops.push(watcher.stop);
      await sleep(300);
      await c.run('create', '--name', 'dbktest-later', 'busybox', 'true');
      expect(await watcher.exited).toBe(0);
      expect(watcher.output()).toBe('create dbktest-later\n');
    });
  });

  it("carries Docker's message shape, with the legacy status, id and from", async () => {
    const since = await sinceNow();
    const made = await apiRequest(engine.socket, 'POST', '/v1.45/containers/create?name=dbktest-shape', JSON.stringify({ Image: 'busybox', Cmd: ['true'] }));
    expect(made.status).toBe(201);
    const id = (JSON.parse(made.body) as { Id: string }).Id;
    const r = await apiRequest(engine.socket, 'GET', `/v1.45/events?since=${since}&until=${nowSeconds()}`);
    expect(r.status).toBe(200);
    const [msg] = r.body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(msg).toEqual({
      status: 'create', id, from: 'busybox', Type: 'container', Action: 'create',
      Actor: { ID: id, Attributes: { image: 'busybox', name: 'dbktest-shape' } },
      scope: 'local', time: expect.any(Number), timeNano: expect.any(Number),
    });
    expect(Math.abs((msg!['timeNano'] as number) / 1e9 - (msg!['time'] as number))).toBeLessThan(1);
    expect(Math.abs((msg!['time'] as number) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('refuses a since after its until and a malformed filter with 400', async () => {
    expect((await apiRequest(engine.socket, 'GET', '/v1.45/events?since=200&until=100')).status).toBe(400);
    expect((await apiRequest(engine.socket, 'GET', '/v1.45/events?filters=nope')).status).toBe(400);
  });
});
