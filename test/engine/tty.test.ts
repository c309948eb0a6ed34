// Containers and execs with a TTY through a real dockbook daemon, typed at by
// the real docker client running under a pty of its own (python3's pty
// module plays the user's terminal): run -it, exec -it, start -ai, attach
// with the detach keys, and resizes that `stty size` inside shows.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { describeRoot } from '../helpers/host.js';
import { apiRequest, DOCKBOOK_BIN, DOCKER_20, DOCKER_28, EngineSandbox, runCommand, useEngineSandbox } from './engine-sandbox.js';

const DRIVER = fileURLToPath(new URL('../fixtures/pty-drive.py', import.meta.url));

type Step = ['expect', string] | ['send', string] | ['resize', number, number] | ['sleep', number];

interface Played {
  readonly output: string;
  readonly code: number | null;
  readonly failed: Step | null;
}

let engine: EngineSandbox;

/** The docker client in use (28, then Debian's 20.10 when installed). */
let dockerBin = DOCKER_28;

/** The docker client under a rows×cols terminal, with `steps` typed at it. */
function docker(rows: number, cols: number, steps: Step[], ...args: string[]): Promise<Played> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [DRIVER, String(rows), String(cols), JSON.stringify(steps), '--', dockerBin, ...args], {
      env: { ...process.env, ...engine.dockerEnv }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.once('close', () => {
      try { resolve(JSON.parse(out) as Played); } catch (e) { reject(new Error(`pty driver said: ${out}`, { cause: e })); }
    });
  });
}

async function inspectState(name: string): Promise<{ Running: boolean; ExitCode: number }> {
  const r = await apiRequest(engine.socket, 'GET', `/v1.45/containers/${name}/json`);
  return (JSON.parse(r.body) as { State: { Running: boolean; ExitCode: number } }).State;
}

/** busybox sh's prompt (it then asks the terminal where the cursor is: ESC [6n). */
const PROMPT = '/ # ';

describeRoot('TTYs through the engine', () => {
  vi.setConfig({ testTimeout: 90_000 });
  useEngineSandbox((e) => { engine = e; });

  const clients = [DOCKER_28, DOCKER_20].filter((b) => existsSync(b));
  describe.each(clients)('%s under a pty', (bin) => {
    beforeEach(() => { dockerBin = bin; });

    it('run -it busybox sh: a shell on a terminal of the client\'s size that follows a resize, and its exit code', async () => {
      const r = await docker(33, 101, [
        ['expect', PROMPT], ['send', 'stty size\r'], ['expect', '33 101'],
        ['resize', 40, 120], ['sleep', 2], ['send', 'stty size\r'], ['expect', '40 120'],
        ['send', 'echo hi-$((1+2)); exit 3\r'], ['expect', 'hi-3'],
      ], 'run', '-it', '--name', 'dbktest-it', 'busybox', 'sh');
      expect(r.failed, r.output).toBeNull();
      expect(r.code, r.output).toBe(3);
      // The typed line comes back once, as the terminal's echo; the result is on a line of its own.
      expect(r.output).toMatch(/\r\nhi-3\r\n/);
      expect(await inspectState('dbktest-it')).toMatchObject({ Running: false, ExitCode: 3 });
      // A TTY's output is one raw stream: logs carry it without the multiplexing header.
      const logs = await apiRequest(engine.socket, 'GET', '/v1.45/containers/dbktest-it/logs?stdout=1&stderr=1');
      expect(logs.headers['content-type']).toBe('application/vnd.docker.raw-stream');
      expect(logs.body).toMatch(/^\r\n/);
      expect(logs.body).toContain('\r\nhi-3\r\n');
    });

    it('exec -it ID sh: a second shell on its own terminal, with the size and exit code', async () => {
      const started = await docker(24, 80, [], 'run', '-d', '--name', 'dbktest-exec', 'busybox', 'sleep', '60');
      expect(started.code, started.output).toBe(0);
      const r = await docker(29, 97, [
        ['expect', PROMPT], ['send', 'stty size; echo hi-$((1+2)); exit 3\r'], ['expect', 'hi-3'],
      ], 'exec', '-it', 'dbktest-exec', 'sh');
      expect(r.failed, r.output).toBeNull();
      expect(r.output).toContain('29 97');
      expect(r.code, r.output).toBe(3);
      expect(await inspectState('dbktest-exec')).toMatchObject({ Running: true });
    });

    it('start -ai reattaches the keyboard and screen of a created -it container', async () => {
      const made = await docker(24, 80, [], 'create', '-it', '--name', 'dbktest-ai', 'busybox', 'sh');
      expect(made.code, made.output).toBe(0);
      const r = await docker(24, 80, [
        ['expect', PROMPT], ['send', 'echo started-$((2*3)); exit 5\r'], ['expect', 'started-6'],
      ], 'start', '-ai', 'dbktest-ai');
      expect(r.failed, r.output).toBeNull();
      expect(r.code, r.output).toBe(5);
    });

    it('attach, then ctrl-p ctrl-q detaches (exit 1 with "read escape sequence", as Docker) and leaves the container running', async () => {
      const made = await docker(24, 80, [], 'run', '-dit', '--name', 'dbktest-att', 'busybox', 'sh');
      expect(made.code, made.output).toBe(0);
      const r = await docker(24, 80, [
        ['sleep', 0.5], ['send', 'echo attached-$((2+2))\r'], ['expect', 'attached-4'], ['send', '\u0010\u0011'],
      ], 'attach', 'dbktest-att');
      expect(r.failed, r.output).toBeNull();
      expect(r.code, r.output).toBe(1);
      expect(r.output).toContain('read escape sequence');
      // The daemon outlives a client that hung up on it, and the shell still answers.
      const again = await docker(24, 80, [
        ['sleep', 0.5], ['send', 'echo again-$((3+3))\r'], ['expect', 'again-6'], ['send', '\u0010\u0011'],
      ], 'attach', 'dbktest-att');
      expect(again.failed, again.output).toBeNull();
      expect(await inspectState('dbktest-att')).toMatchObject({ Running: true });
    });
  });

  it('dockbook run -t gives the container a terminal and prints its output raw', () => {
    const r = runCommand(process.execPath, [DOCKBOOK_BIN, 'run', '-t', '--rm', 'busybox', 'sh', '-c', 'echo tty-out; [ -t 0 ] && echo stdin-is-a-tty'], engine.dockbookEnv);
    expect(r.code, r.stderr).toBe(0);
    // The terminal turns \n into \r\n: the bytes went through a pty, and no header split them.
    expect(r.stdout).toBe('tty-out\r\nstdin-is-a-tty\r\n');
  });

  // Docker 20.10 here: run -t prints /dev/pts/0 for both, exec -t a later pts of the same devpts
  // (/dev/pts/1), exec without -t "not a tty" (exit 1), and the container's terminal is its /dev/console.
  it('run -t: the terminal is /dev/pts/0 of the container\'s own devpts, bound at /dev/console too', () => {
    const r = runCommand(DOCKER_28, ['run', '--rm', '-t', '--name', 'dbktest-ttyname', 'busybox', 'sh', '-c',
      'tty; ls -l /proc/self/fd/0; ls -l /dev/console; ls /dev/pts'], engine.dockerEnv);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe('/dev/pts/0');
    expect(lines[1]).toMatch(/\/proc\/self\/fd\/0 -> \/dev\/pts\/0$/);
    // The slave of pts 0 (char 136,0) with the tty group, as runc leaves it.
    expect(lines[2]).toMatch(/^crw--w----\s+1 root\s+tty\s+136,\s+0 .* \/dev\/console$/);
    // A devpts of its own: only the container's terminal and ptmx, none of the host's.
    expect(lines[3]?.trim().split(/\s+/)).toEqual(['0', 'ptmx']);
  });

  it('exec -t: a new terminal in the container\'s devpts; exec without -t has none', () => {
    expect(runCommand(DOCKER_28, ['run', '-d', '-t', '--name', 'dbktest-exectty', 'busybox', 'sh'], engine.dockerEnv).code).toBe(0);
    const r = runCommand(DOCKER_28, ['exec', '-t', 'dbktest-exectty', 'sh', '-c', 'tty; ls -l /proc/self/fd/0'], engine.dockerEnv);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe('/dev/pts/1');
    expect(lines[1]).toMatch(/\/proc\/self\/fd\/0 -> \/dev\/pts\/1$/);
    const plain = runCommand(DOCKER_28, ['exec', 'dbktest-exectty', 'tty'], engine.dockerEnv);
    expect(plain.stdout).toBe('not a tty\n');
    expect(plain.code).toBe(1);
  });

  // The pty master outlives the daemon in the shim (native/shim-keep.c), as containerd-shim keeps a
  // container's stdio while dockerd is away: no SIGHUP for the shell, and a new daemon attaches again.
  it('run -dit sh survives a SIGKILLed daemon: a new daemon attaches to the same shell, which answers and follows a resize', async () => {
    dockerBin = DOCKER_28;
    const made = await docker(24, 80, [], 'run', '-dit', '--name', 'dbktest-keep', 'busybox', 'sh');
    expect(made.code, made.output).toBe(0);
    const before = await docker(24, 80, [['sleep', 0.5], ['send', 'export MARK=kept-$((6*7))\r'], ['sleep', 0.5], ['send', '\u0010\u0011']], 'attach', 'dbktest-keep');
    expect(before.code, before.output).toBe(1);
    await engine.signal('SIGKILL');
    await engine.start();
    // The same shell (its variable is still set) on the same terminal, which the new daemon resizes.
    const after = await docker(31, 93, [
      ['sleep', 0.5], ['send', 'echo hi $MARK; stty size\r'], ['expect', 'hi kept-42'], ['expect', '31 93'], ['send', '\u0010\u0011'],
    ], 'attach', 'dbktest-keep');
    expect(after.failed, after.output).toBeNull();
    expect(await inspectState('dbktest-keep')).toMatchObject({ Running: true });
    // What the shell printed while attached to the new daemon is in its log too.
    const logs = runCommand(DOCKER_28, ['logs', 'dbktest-keep'], engine.dockerEnv);
    expect(logs.stdout).toContain('hi kept-42');
  });

  it('refuses bad resize sizes and detach keys with 400', async () => {
    const made = await apiRequest(engine.socket, 'POST', '/v1.45/containers/create?name=dbktest-bad', JSON.stringify({ Image: 'busybox', Cmd: ['sleep', '30'], Tty: true, OpenStdin: true }));
    expect(made.status).toBe(201);
    expect((await apiRequest(engine.socket, 'POST', '/v1.45/containers/dbktest-bad/start')).status).toBe(204);
    expect((await apiRequest(engine.socket, 'POST', '/v1.45/containers/dbktest-bad/resize?h=-1&w=80')).status).toBe(400);
    expect((await apiRequest(engine.socket, 'POST', '/v1.45/containers/dbktest-bad/resize?h=30&w=90')).status).toBe(200);
    expect((await apiRequest(engine.socket, 'POST', '/v1.45/containers/dbktest-bad/attach?stream=1&detachKeys=ctrl-%E2%82%AC')).status).toBe(400);
  });
});
