// The book's basic flows against a real dockbook daemon, driven by the real
// docker client (28.x, and Debian's 20.10 when installed) and by `dockbook`.
// The daemon has its own temp state and a network namespace playing the host;
// everything is removed afterwards, also when a test fails.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { describeRoot } from '../helpers/host.js';
import { apiRequest, type CommandResult, DOCKBOOK_BIN, DOCKER_20, DOCKER_28, EngineSandbox, runCommand, useEngineSandbox } from './engine-sandbox.js';

type ClientId = 'docker 28' | 'docker 20.10' | 'dockbook';

interface Client {
  readonly id: ClientId;
  /** Whether `inspect -f TEMPLATE` works; otherwise fields are read from inspect's JSON. */
  readonly formats: boolean;
  runWithin(timeoutMs: number, ...args: string[]): CommandResult;
  run(...args: string[]): CommandResult;
}

let engine: EngineSandbox;

function client(id: ClientId, formats: boolean, command: () => { file: string; pre: string[]; env: Record<string, string> }): Client {
  const runWithin = (timeoutMs: number, ...args: string[]) => {
    const { file, pre, env } = command();
    return runCommand(file, [...pre, ...args], env, timeoutMs);
  };
  return { id, formats, runWithin, run: (...args) => runWithin(90_000, ...args) };
}

const docker28 = client('docker 28', true, () => ({ file: DOCKER_28, pre: [], env: engine.dockerEnv }));
const docker20 = client('docker 20.10', true, () => ({ file: DOCKER_20, pre: [], env: engine.dockerEnv }));
const dockbook = client('dockbook', true, () => ({ file: process.execPath, pre: [DOCKBOOK_BIN], env: engine.dockbookEnv }));


const hasDocker20 = existsSync(DOCKER_20) && /^20\.10/.test(runCommand(DOCKER_20, ['version', '--format', '{{.Client.Version}}'], {}).stdout);
/** The version/run/ps/logs flows run through every client; the rest through docker 28 and dockbook. */
/** The machine image ships a docker 28 client; where it does not, dockbook's own CLI still runs every flow. */
const hasDocker28 = existsSync(DOCKER_28);
const everyClient: Client[] = [...(hasDocker28 ? [docker28] : []), ...(hasDocker20 ? [docker20] : []), dockbook];
const mainClients: Client[] = [...(hasDocker28 ? [docker28] : []), dockbook];

/** A field of `inspect`, as `inspect -f '{{.Path}}'` prints it. */
function inspectField(client: Client, name: string, path: string): string {
  if (client.formats) {
    const r = client.run('inspect', '-f', `{{.${path}}}`, name);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.trim();
  }
  const r = client.run('inspect', name);
  expect(r.code, r.stderr).toBe(0);
  let value: unknown = (JSON.parse(r.stdout) as unknown[])[0];
  for (const key of path.split('.')) value = (value as Record<string, unknown>)[key];
  return String(value);
}

/** Waits (without judging how long it took) until `check` holds; fails with `what` after 30 s. */
async function eventually(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting: ${what}`);
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

describeRoot('the engine, driven by the real docker client and by dockbook', () => {
  useEngineSandbox((e) => { engine = e; });

  describe.each(everyClient)('$id', (client) => {
    it('version exits 0 and names dockbook', () => {
      const r = client.run('version');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('dockbook');
    });

    it('version shows the server engine and its API version', () => {
      const r = client.run('version');
      expect(r.stdout).toMatch(/Server: dockbook/);
      expect(r.stdout).toMatch(/API version:\s+1\.45/);
    });

    it('run --rm busybox echo hi prints hi and leaves no container', () => {
      const r = client.run('run', '--rm', 'busybox', 'echo', 'hi');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('hi\n');
      expect(client.run('ps', '-aq').stdout).toBe('');
    });

    it('-e puts the variable in the process environment', () => {
      const r = client.run('run', '--rm', '-e', 'GREETING=hello from -e', 'busybox', 'sh', '-c', 'echo "$GREETING"');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('hello from -e\n');
    });

    it('a detached container logs, runs with a 10.x address, stops and is removed', async () => {
      const started = client.run('run', '-d', '--name', 'web', 'busybox', 'sh', '-c', 'echo started; sleep 30');
      expect(started.code, started.stderr).toBe(0);
      expect(started.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
      await eventually('logs show "started"', () => client.run('logs', 'web').stdout.includes('started'));
      expect(inspectField(client, 'web', 'State.Status')).toBe('running');
      expect(inspectField(client, 'web', 'NetworkSettings.IPAddress')).toMatch(/^10\.\d+\.\d+\.\d+$/);
      const stopped = client.run('stop', '-t', '1', 'web');
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(stopped.stdout.trim()).toBe('web');
      expect(inspectField(client, 'web', 'State.Status')).toBe('exited');
      const removed = client.run('rm', 'web');
      expect(removed.code, removed.stderr).toBe(0);
      expect(client.run('ps', '-aq', '--filter', 'name=web').stdout).toBe('');
    });

    it(
      'create then start runs the container', async () => {
        expect(client.run('create', '--name', 'dbktest-created', 'busybox', 'echo', 'created').code).toBe(0);
        expect(inspectField(client, 'dbktest-created', 'State.Status')).toBe('created');
        const r = client.run('start', 'dbktest-created');
        expect(r.code, r.stderr).toBe(0);
        await eventually('the container exits', () => inspectField(client, 'dbktest-created', 'State.Status') === 'exited');
        expect(client.run('logs', 'dbktest-created').stdout).toBe('created\n');
      });

    it(
      'wait prints the exit code of a container that has already exited', () => {
        expect(client.run('run', '--name', 'dbktest-exited', 'busybox', 'sh', '-c', 'exit 4').code).toBe(4);
        // A guard against the request hanging, not a speed check.
        const r = client.runWithin(20_000, 'wait', 'dbktest-exited');
        expect(r.stdout).toBe('4\n');
        expect(r.code).toBe(0);
      });

    it('ps lists running containers; -a, -q and --filter name=/status= narrow or widen the list', () => {
      const up = client.run('run', '-d', '--name', 'dbktest-up', 'busybox', 'sleep', '30');
      expect(up.code, up.stderr).toBe(0);
      const done = client.run('run', '--name', 'dbktest-done', 'busybox', 'sh', '-c', 'exit 3');
      expect(done.code).toBe(3);

      const ps = client.run('ps');
      expect(ps.stdout).toMatch(/^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/m);
      expect(ps.stdout).toContain('dbktest-up');
      expect(ps.stdout).not.toContain('dbktest-done');
      const all = client.run('ps', '-a').stdout;
      expect(all).toContain('dbktest-up');
      expect(all).toMatch(/Exited \(3\).*dbktest-done/);
      expect(lines(client.run('ps', '-q').stdout)).toEqual([up.stdout.trim().slice(0, 12)]);
      expect(lines(client.run('ps', '--filter', 'name=dbktest-up').stdout).slice(1).map((l) => l.split(/\s+/).pop())).toEqual(['dbktest-up']);
      const exited = lines(client.run('ps', '-a', '--filter', 'status=exited').stdout).slice(1);
      expect(exited.map((l) => l.split(/\s+/).pop())).toEqual(['dbktest-done']);
    });
  });

  describe.skipIf(!hasDocker20)(`docker 20.10${hasDocker20 ? '' : ' [skipped: /usr/bin/docker 20.10 is not installed (apt-get install docker.io)]'}`, () => {
    it('negotiates down to its own API version', () => {
      const r = docker20.run('version', '--format', '{{.Client.APIVersion}} {{.Server.APIVersion}}');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe('1.41 1.45');
    });
  });

  describe.each(mainClients)('$id: limits', (client) => {
    it('a container allocating 64M under --memory 16m exits 137 and inspect shows OOMKilled true', () => {
      const r = client.run('run', '--name', 'dbktest-oom', '--memory', '16m', 'busybox', 'dd', 'if=/dev/zero', 'of=/dev/null', 'bs=64M', 'count=1');
      expect(r.code).toBe(137);
      expect(inspectField(client, 'dbktest-oom', 'State.OOMKilled')).toBe('true');
      expect(inspectField(client, 'dbktest-oom', 'State.ExitCode')).toBe('137');
      expect(inspectField(client, 'dbktest-oom', 'HostConfig.Memory')).toBe(String(16 * 1024 * 1024));
    });

    it(
      "inspect -f '{{.State.Status}}' prints just the field", () => {
        expect(client.run('run', '-d', '--name', 'dbktest-fmt', 'busybox', 'sleep', '30').code).toBe(0);
        const r = client.run('inspect', '-f', '{{.State.Status}}', 'dbktest-fmt');
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toBe('running\n');
      });
  });

  describe.each(mainClients)('$id: pause, rename, prune', (client) => {
    it('pause freezes every process and unpause lets them run on', async () => {
      expect(client.run('run', '-d', '--name', 'dbktest-counter', 'busybox', 'sh', '-c', 'i=0; while :; do i=$((i+1)); echo $i > /tmp/n; done').code).toBe(0);
      expect(client.run('pause', 'dbktest-counter').code).toBe(0);
      expect(inspectField(client, 'dbktest-counter', 'State.Status')).toBe('paused');
      const state = readFileSync(`/sys/fs/cgroup/freezer/dockbook/${inspectField(client, 'dbktest-counter', 'Id')}/freezer.state`, 'utf8').trim();
      expect(state).toBe('FROZEN');
      expect(client.run('ps', '--filter', 'name=dbktest-counter').stdout).toMatch(/\(Paused\)/);
      expect(client.run('unpause', 'dbktest-counter').code).toBe(0);
      expect(inspectField(client, 'dbktest-counter', 'State.Status')).toBe('running');
      expect(client.run('rm', '-f', 'dbktest-counter').code).toBe(0);
    });

    it('rename changes the name and container prune removes every stopped container', () => {
      expect(client.run('run', '--name', 'dbktest-old', 'busybox', 'true').code).toBe(0);
      expect(client.run('rename', 'dbktest-old', 'dbktest-new').code).toBe(0);
      expect(lines(client.run('ps', '-a', '--filter', 'name=dbktest-new', '-q').stdout)).toHaveLength(1);
      expect(client.run('run', '-d', '--name', 'dbktest-alive', 'busybox', 'sleep', '30').code).toBe(0);
      expect(client.run('container', 'prune', '-f').stdout).toMatch(/Total reclaimed space/);
      expect(lines(client.run('ps', '-aq').stdout)).toHaveLength(1);
    });
  });

  describe.each(mainClients)('$id: volumes', (client) => {
    afterEach(() => {
      for (const v of lines(client.run('volume', 'ls', '-q').stdout)) client.run('volume', 'rm', '-f', v);
    });

    it('a named volume outlives the containers that wrote it', () => {
      expect(client.run('run', '--rm', '-v', 'dbktest-data:/data', 'busybox', 'sh', '-c', 'echo kept > /data/f').code).toBe(0);
      const r = client.run('run', '--rm', '-v', 'dbktest-data:/data', 'busybox', 'cat', '/data/f');
      expect(r.stdout).toBe('kept\n');
      expect(lines(client.run('volume', 'ls', '-q').stdout)).toContain('dbktest-data');
    });

    it('a bind mount shows the host directory, read-only with :ro', () => {
      const dir = `${engine.dir}/hostdir`;
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${dir}/h`, 'from the host\n');
      const r = client.run('run', '--rm', '-v', `${dir}:/h:ro`, 'busybox', 'sh', '-c', 'cat /h/h; touch /h/new || echo read-only');
      expect(r.stdout).toBe('from the host\nread-only\n');
    });

    it('--volumes-from gives a second container the first one\'s volumes, and rm -v takes its anonymous volume', async () => {
      expect(client.run('run', '-d', '--name', 'dbktest-store', '-v', '/anon', 'busybox', 'sh', '-c', 'echo shared > /anon/a; sleep 30').code).toBe(0);
      await eventually('the store container wrote its file', () => client.run('exec', 'dbktest-store', 'cat', '/anon/a').stdout === 'shared\n');
      expect(client.run('run', '--rm', '--volumes-from', 'dbktest-store', 'busybox', 'cat', '/anon/a').stdout).toBe('shared\n');
      expect(lines(client.run('volume', 'ls', '-q').stdout)).toHaveLength(1);
      expect(client.run('rm', '-f', '-v', 'dbktest-store').code).toBe(0);
      expect(lines(client.run('volume', 'ls', '-q').stdout)).toEqual([]);
    });

    it('refuses to remove a volume a container uses', () => {
      expect(client.run('create', '--name', 'dbktest-user', '-v', 'dbktest-used:/x', 'busybox').code).toBe(0);
      expect(client.run('start', 'dbktest-user').code).toBe(0);
      const r = client.run('volume', 'rm', 'dbktest-used');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/volume is in use/);
    });
  });

  describe.each(mainClients)('$id: published ports', (client) => {
    /** An HTTP GET from inside the namespace that plays the host (the only place tests may send traffic). */
    function fetchFromHost(url: string): string {
      const script = `require('http').get(${JSON.stringify(url)}, { timeout: 5000 }, (r) => { let d = ''; r.on('data', (c) => (d += c)); r.on('end', () => process.stdout.write(d)); }).on('error', (e) => { process.stdout.write('error ' + e.message); });`;
      return runCommand('/usr/sbin/ip', ['netns', 'exec', engine.netns, process.execPath, '-e', script], {}).stdout;
    }

    it('-p 8080:80 answers on the host side through DNAT, and docker port shows the mapping', () => {
      expect(client.run('run', '-d', '--name', 'dbktest-web', '-p', '8080:80', 'busybox', 'sh', '-c', 'mkdir /www; echo hello from web > /www/index.html; httpd -f -p 80 -h /www').code).toBe(0);
      expect(client.run('port', 'dbktest-web').stdout).toBe('80/tcp -> 0.0.0.0:8080\n');
      expect(client.run('ps', '--filter', 'name=dbktest-web').stdout).toContain('0.0.0.0:8080->80/tcp');
      const gateway = inspectField(client, 'dbktest-web', 'NetworkSettings.Gateway');
      expect(gateway).toMatch(/^10\./);
      expect(fetchFromHost(`http://${gateway}:8080/`)).toBe('hello from web\n');
    });

    it('-p 80 picks a free host port from the dynamic range, and a taken port is refused with nothing made', () => {
      expect(client.run('run', '-d', '--name', 'dbktest-rand', '-p', '80', 'busybox', 'sleep', '30').code).toBe(0);
      const port = Number(/0\.0\.0\.0:(\d+)/.exec(client.run('port', 'dbktest-rand').stdout)?.[1]);
      expect(port).toBeGreaterThanOrEqual(49153);
      expect(client.run('run', '-d', '--name', 'dbktest-first', '-p', '8081:80', 'busybox', 'sleep', '30').code).toBe(0);
      const clash = client.run('run', '--name', 'dbktest-second', '-p', '8081:80', 'busybox', 'true');
      expect(clash.code).toBe(125);
      expect(clash.stderr).toContain('Bind for 0.0.0.0:8081 failed: port is already allocated');
    });

    it('an invalid -p is refused before anything is created', () => {
      const r = client.run('run', '--rm', '-p', 'nope:80', 'busybox', 'true');
      expect(r.code).toBe(125);
      expect(r.stderr).toMatch(/invalid/i);
      expect(client.run('ps', '-aq').stdout).toBe('');
    });
  });

  describe.skipIf(!hasDocker28)('docker 28: save and load', () => {
    it('saves a committed image to a tar, and loading it back gives the same image that still runs', () => {
      expect(docker28.run('run', '--name', 'dbktest-save', 'busybox', 'sh', '-c', 'echo saved > /marker').code).toBe(0);
      expect(docker28.run('commit', 'dbktest-save', 'dbktest-saved:v1').code).toBe(0);
      const id = inspectField(docker28, 'dbktest-saved:v1', 'Id');
      const tar = `${engine.dir}/saved.tar`;
      expect(docker28.run('save', '-o', tar, 'dbktest-saved:v1').code).toBe(0);
      expect(docker28.run('rm', 'dbktest-save').code).toBe(0);
      expect(docker28.run('rmi', 'dbktest-saved:v1').code).toBe(0);
      const loaded = docker28.run('load', '-i', tar);
      expect(loaded.stdout).toContain('Loaded image: dbktest-saved:v1');
      expect(inspectField(docker28, 'dbktest-saved:v1', 'Id')).toBe(id);
      expect(docker28.run('run', '--rm', 'dbktest-saved:v1', 'cat', '/marker').stdout).toBe('saved\n');
      expect(docker28.run('rmi', 'dbktest-saved:v1').code).toBe(0);
    });

    it('answers save of a missing image with 404, not a cut-off tar', () => {
      const r = docker28.run('save', '-o', `${engine.dir}/none.tar`, 'dbktest-nothing:here');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('No such image: dbktest-nothing:here');
    });
  });

  /** The last minute's load: a starved loop is only excused on a busy host. */
  const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

  describe.each(mainClients)('$id: stats', (client) => {
    it('shows a --cpus 0.5 busy loop using about half a CPU, and the API reports its throttled periods', async () => {
      expect(client.run('run', '-d', '--name', 'dbktest-burn', '--cpus', '0.5', 'busybox', 'sh', '-c', 'while :; do :; done').code).toBe(0);
      const r = client.run('stats', '--no-stream', 'dbktest-burn');
      expect(r.code, r.stderr).toBe(0);
      const cpu = Number(/dbktest-burn\s+([\d.]+)%/.exec(r.stdout)?.[1]);
      // The quota caps the loop whatever else runs; it reaches the cap (and is throttled) only when the host has CPU to give.
      expect(cpu).toBeGreaterThan(0);
      expect(cpu).toBeLessThan(65);
      const doc = JSON.parse((await apiRequest(engine.socket, 'GET', '/v1.45/containers/dbktest-burn/stats?stream=false')).body) as { cpu_stats: { throttling_data: { periods: number; throttled_periods: number } } };
      const t = doc.cpu_stats.throttling_data;
      expect(t.periods).toBeGreaterThan(5);
      if (cpu >= 40) expect(t.throttled_periods / t.periods).toBeGreaterThan(0.5);
      else expect(loadAverage(), `the loop got ${cpu}% of a CPU on an idle host: is the quota too low?`).toBeGreaterThan(1.5);
    });
  });

  describe.each(mainClients)('$id: bad input', (client) => {
    it("an unknown image exits 125 with Docker's pull-denied message and creates nothing", () => {
      const r = client.run('run', '--rm', 'dbktest-no-such-image:1', 'true');
      expect(r.code).toBe(125);
      expect(r.stderr).toContain("Unable to find image 'dbktest-no-such-image:1' locally");
      expect(r.stderr).toMatch(/Error response from daemon: pull access denied for /);
      expect(client.run('ps', '-aq').stdout).toBe('');
    });

    const unknownContainer: { command: string[]; message: string }[] = [
      { command: ['stop'], message: 'No such container: dbktest-nobody' },
      { command: ['rm'], message: 'No such container: dbktest-nobody' },
      { command: ['kill'], message: 'No such container: dbktest-nobody' },
      { command: ['inspect'], message: 'No such object: dbktest-nobody' },
      { command: ['logs'], message: 'No such container: dbktest-nobody' },
      { command: ['start'], message: 'No such container: dbktest-nobody' },
      { command: ['container', 'start'], message: 'No such container: dbktest-nobody' },
      { command: ['wait'], message: 'No such container: dbktest-nobody' },
    ];
    for (const { command, message } of unknownContainer) {
      it(
        `${command.join(' ')} of an unknown container says "${message}" and exits 1`, () => {
          const r = client.run(...command, 'dbktest-nobody');
          expect(r.stderr).toContain(message);
          expect(r.code).toBe(1);
        });
    }

    it('a second container with a taken name is a Conflict that exits 125 and makes nothing', () => {
      expect(client.run('run', '-d', '--name', 'dbktest-x', 'busybox', 'sleep', '30').code).toBe(0);
      const r = client.run('run', '-d', '--name', 'dbktest-x', 'busybox', 'true');
      expect(r.code).toBe(125);
      expect(r.stderr).toContain('Conflict. The container name "/dbktest-x" is already in use by container "');
      expect(lines(client.run('ps', '-aq').stdout)).toHaveLength(1);
    });

    it('a command missing from the image is reported as not found and --rm leaves nothing', () => {
      const r = client.run('run', '--rm', 'busybox', 'dbktest-no-such-command');
      expect(r.stderr).toContain('exec: "dbktest-no-such-command": executable file not found in $PATH');
      expect(client.run('ps', '-aq').stdout).toBe('');
    });

    it(
      'a command missing from the image exits 127', () => {
        expect(client.run('run', '--rm', 'busybox', 'dbktest-no-such-command').code).toBe(127);
      });
  });

  describe('the API socket', () => {
    it('answers malformed JSON with 400, a JSON {"message"} body and Content-Type exactly application/json, and creates nothing', async () => {
      const r = await apiRequest(engine.socket, 'POST', '/v1.45/containers/create?name=dbktest-half', '{"Image": "busybox",');
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toBe('application/json');
      const body = JSON.parse(r.body) as { message?: unknown };
      expect(typeof body.message).toBe('string');
      expect(body.message).not.toBe('');
      const list = await apiRequest(engine.socket, 'GET', '/v1.45/containers/json?all=1');
      expect(JSON.parse(list.body)).toEqual([]);
    });
  });

  describe('the wait endpoint', () => {
    it('answers at once for an exited container when condition is empty, as Docker does', async () => {
      expect(docker28.run('run', '--name', 'dbktest-exited', 'busybox', 'sh', '-c', 'exit 4').code).toBe(4);
      // The short timeout guards against the hang; it is not a speed check.
      const r = await apiRequest(engine.socket, 'POST', '/v1.41/containers/dbktest-exited/wait?condition=', undefined, 10_000);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toMatchObject({ StatusCode: 4 });
    });
  });

  describe('a daemon killed with SIGKILL', () => {
    it('comes back to its containers: a running one is listed running, logs and stops; one that exited meanwhile shows its code', async () => {
      expect(docker28.run('run', '-d', '--name', 'dbktest-survivor', 'busybox', 'sh', '-c', 'echo alive; sleep 300').code).toBe(0);
      expect(docker28.run('run', '-d', '--name', 'dbktest-leaver', 'busybox', 'sh', '-c', 'until [ -e /leave ]; do sleep 0.1; done; exit 7').code).toBe(0);
      await eventually('the survivor logs "alive"', () => docker28.run('logs', 'dbktest-survivor').stdout.includes('alive'));
      const survivorPid = Number(inspectField(docker28, 'dbktest-survivor', 'State.Pid'));
      const leaverPid = Number(inspectField(docker28, 'dbktest-leaver', 'State.Pid'));

      await engine.signal('SIGKILL');
      // While no daemon runs, the leaver is told to exit 7 through its own root filesystem.
      writeFileSync(`/proc/${leaverPid}/root/leave`, '');
      await eventually('the leaver exits', () => !existsSync(`/proc/${leaverPid}`));
      expect(existsSync(`/proc/${survivorPid}`)).toBe(true);
      await engine.start();

      expect(lines(docker28.run('ps', '-q', '--filter', 'name=dbktest-survivor').stdout)).toHaveLength(1);
      expect(inspectField(docker28, 'dbktest-survivor', 'State.Status')).toBe('running');
      expect(inspectField(docker28, 'dbktest-survivor', 'State.Pid')).toBe(String(survivorPid));
      expect(docker28.run('logs', 'dbktest-survivor').stdout).toBe('alive\n');
      expect(dockbook.run('logs', 'dbktest-survivor').stdout).toBe('alive\n');

      expect(inspectField(docker28, 'dbktest-leaver', 'State.Status')).toBe('exited');
      expect(inspectField(docker28, 'dbktest-leaver', 'State.ExitCode')).toBe('7');
      expect(docker28.run('ps', '-a', '--filter', 'name=dbktest-leaver').stdout).toMatch(/Exited \(7\)/);

      const stopped = docker28.run('stop', '-t', '1', 'dbktest-survivor');
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(inspectField(docker28, 'dbktest-survivor', 'State.Status')).toBe('exited');
      await eventually('the survivor process is gone', () => !existsSync(`/proc/${survivorPid}`));
    }, 120_000);
  });
});
