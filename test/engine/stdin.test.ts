// `-i` without `-t` through a real dockbook daemon: the container's (or
// exec's) stdin is a pipe fed by the client's attach stream, closed when the
// client's input ends; without `-i` stdin stays /dev/null.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { describeRoot } from '../helpers/host.js';
import { type CommandResult, DOCKBOOK_BIN, DOCKER_20, DOCKER_28, EngineSandbox, useEngineSandbox } from './engine-sandbox.js';

let engine: EngineSandbox;

/** A client command line with `input` on its standard input (a pipe, as in `echo hi | docker …`). */
function piped(bin: string, input: string, ...args: string[]): CommandResult {
  const r = spawnSync(bin, args, { input, encoding: 'utf8', env: { ...process.env, ...engine.dockerEnv }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

describeRoot('stdin without a TTY through the engine', () => {
  vi.setConfig({ testTimeout: 90_000 });
  useEngineSandbox((e) => { engine = e; });

  const clients = [DOCKER_28, DOCKER_20].filter((b) => existsSync(b));
  const dockbook = (input: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [DOCKBOOK_BIN, ...args], { input, encoding: 'utf8', env: { ...process.env, ...engine.dockbookEnv }, timeout: 60_000 });
    return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  };

  it('run -di: the stdin pipe outlives a SIGKILLed daemon, and a new daemon\'s attach feeds the same program', async () => {
    expect(piped(DOCKER_28, '', 'run', '-di', '--name', 'dbktest-keepin', 'busybox', 'sh', '-c', 'while read l; do echo got-$l; done; echo eof').code).toBe(0);
    await engine.signal('SIGKILL');
    await engine.start();
    // Without StdinOnce (run -di) the pipe stays open across attaches, as in Docker: the client is killed once the answer came.
    const attach = spawn(DOCKER_28, ['attach', 'dbktest-keepin'], { env: { ...process.env, ...engine.dockerEnv }, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    attach.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    attach.stdin.write('hi\n');
    for (let i = 0; i < 100 && !out.includes('got-hi'); i++) await new Promise((r) => setTimeout(r, 100));
    attach.kill('SIGKILL');
    expect(out).toBe('got-hi\n');
    const logs = spawnSync(DOCKER_28, ['logs', 'dbktest-keepin'], { encoding: 'utf8', env: { ...process.env, ...engine.dockerEnv } });
    expect(logs.stdout).toBe('got-hi\n');
  });

  describe('dockbook', () => {
    it('run -i: wc -l counts the piped lines; a shell reads one and its exit code comes back', () => {
      const r = dockbook('a\nb\n', 'run', '-i', '--rm', 'busybox', 'wc', '-l');
      expect(r.stdout.trim(), r.stderr).toBe('2');
      expect(r.code).toBe(0);
      expect(dockbook('hi\n', 'run', '-i', '--rm', 'busybox', 'sh', '-c', 'read x; echo got-$x; exit 4')).toMatchObject({ code: 4, stdout: 'got-hi\n' });
    });

    it('run -i ends when the container does, even with input left unread', () => {
      const r = dockbook('one\ntwo\nthree\n', 'run', '-i', '--rm', 'busybox', 'head', '-n', '1');
      expect(r, r.stderr).toMatchObject({ code: 0, stdout: 'one\n' });
    });

    it('run -i returns when the container exits while its input is still open', async () => {
      const child = spawn(process.execPath, [DOCKBOOK_BIN, 'run', '-i', '--rm', 'busybox', 'echo', 'done'], { env: { ...process.env, ...engine.dockbookEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      // Guards a hang, not a speed: the input stays open throughout.
      const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
      clearTimeout(guard);
      child.stdin.destroy();
      expect({ code, out }).toEqual({ code: 0, out: 'done\n' });
    });

    it('run without -i leaves stdin closed', () => {
      expect(dockbook('ignored\n', 'run', '--rm', 'busybox', 'cat')).toMatchObject({ code: 0, stdout: '' });
    });

    it('exec -i: cat gives back the input; exit codes come back', () => {
      const name = `dbktest-stdin-dbexec-${process.pid}`;
      expect(dockbook('', 'run', '-d', '--name', name, 'busybox', 'sleep', '60').code).toBe(0);
      expect(dockbook('hi\n', 'exec', '-i', name, 'cat')).toMatchObject({ code: 0, stdout: 'hi\n' });
      expect(dockbook('x\n', 'exec', '-i', name, 'sh', '-c', 'read v; echo got-$v; exit 6')).toMatchObject({ code: 6, stdout: 'got-x\n' });
      expect(dockbook('ignored\n', 'exec', name, 'cat')).toMatchObject({ code: 0, stdout: '' });
      const missing = dockbook('', 'exec', name, 'dbktest-nosuch');
      expect(missing.code).toBe(126);
      expect(missing.stdout + missing.stderr).toContain('executable file not found');
    });
  });
  describe.each(clients)('%s', (bin) => {
    it('run -i: cat gives back what was piped in, and ends when the input does', () => {
      const r = piped(bin, 'hello\n', 'run', '-i', '--rm', 'busybox', 'cat');
      expect(r, r.stderr).toMatchObject({ code: 0, stdout: 'hello\n' });
    });

    it('run -i: wc -l counts the piped lines', () => {
      const r = piped(bin, 'a\nb\n', 'run', '-i', '--rm', 'busybox', 'wc', '-l');
      expect(r.stdout.trim(), r.stderr).toBe('2');
      expect(r.code).toBe(0);
    });

    it('run -i: a shell reads a line, and its exit code comes back', () => {
      const r = piped(bin, 'hi\n', 'run', '-i', '--rm', 'busybox', 'sh', '-c', 'read x; echo got-$x; exit 7');
      expect(r, r.stderr).toMatchObject({ code: 7, stdout: 'got-hi\n' });
    });

    it('run -i: the container\'s fd 0 is a pipe', () => {
      const r = piped(bin, '', 'run', '-i', '--rm', 'busybox', 'readlink', '/proc/self/fd/0');
      expect(r.stdout, r.stderr).toMatch(/^pipe:\[\d+\]\n$/);
    });

    it('run without -i: stdin is /dev/null, so cat ends at once even with input waiting', () => {
      const r = piped(bin, 'ignored\n', 'run', '--rm', 'busybox', 'sh', '-c', 'cat; readlink /proc/self/fd/0');
      expect(r, r.stderr).toMatchObject({ code: 0, stdout: '/dev/null\n' });
    });

    it('create -i then start -ai: the piped input reaches the container started after the attach', () => {
      const name = `dbktest-stdin-start-${process.pid}`;
      expect(piped(bin, '', 'create', '-i', '--name', name, 'busybox', 'sh', '-c', 'read x; echo started-$x; exit 2').code).toBe(0);
      expect(piped(bin, 'yes\n', 'start', '-ai', name)).toMatchObject({ code: 2, stdout: 'started-yes\n' });
    });

    it('attach to a running run -di container: its stdin pipe stays open after this client\'s input ends (no StdinOnce)', async () => {
      const name = `dbktest-stdin-attach-${process.pid}`;
      expect(piped(bin, '', 'run', '-d', '-i', '--name', name, 'busybox', 'cat').code).toBe(0);
      const child = spawn(bin, ['attach', name], { env: { ...process.env, ...engine.dockerEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      const closed = new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
      child.stdin.end('first\n');
      for (let i = 0; i < 100 && !out.includes('first'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toBe('first\n');
      // The pipe outlived the first client's half-close: a second attach still reaches the same cat.
      const second = spawn(bin, ['attach', name], { env: { ...process.env, ...engine.dockerEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
      let out2 = '';
      second.stdout.on('data', (d: Buffer) => { out2 += d.toString(); });
      const closed2 = new Promise<number | null>((resolve) => second.once('close', (c) => resolve(c)));
      second.stdin.end('second\n');
      for (let i = 0; i < 100 && !out2.includes('second'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out2).toBe('second\n');
      expect(piped(bin, '', 'inspect', '-f', '{{.State.Running}}', name).stdout.trim()).toBe('true');
      expect(piped(bin, '', 'kill', name).code).toBe(0);
      await closed2;
      // Guards a hang: attach ends when the container does.
      const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await closed;
      clearTimeout(guard);
    });

    it('exec -i: cat in a running container gives back the input, and exec\'s exit code comes back', () => {
      const name = `dbktest-stdin-exec-${process.pid}`;
      expect(piped(bin, '', 'run', '-d', '--name', name, 'busybox', 'sleep', '60').code).toBe(0);
      expect(piped(bin, 'hi\n', 'exec', '-i', name, 'cat'), 'exec -i cat').toMatchObject({ code: 0, stdout: 'hi\n' });
      expect(piped(bin, '', 'exec', '-i', name, 'readlink', '/proc/self/fd/0').stdout).toMatch(/^pipe:\[\d+\]\n$/);
      const r = piped(bin, 'x\ny\nz\n', 'exec', '-i', name, 'sh', '-c', 'wc -l; exit 5');
      expect(r.stdout.trim(), r.stderr).toBe('3');
      expect(r.code).toBe(5);
    });

    // dockerd 20.10: runc's error on the exec's output stream, and 126 from exec inspect (not run's 127).
    it('exec of a program the container does not have says why and exits 126', () => {
      const name = `dbktest-stdin-nosuch-${process.pid}`;
      expect(piped(bin, '', 'run', '-d', '--name', name, 'busybox', 'sleep', '60').code).toBe(0);
      const r = piped(bin, '', 'exec', name, 'dbktest-nosuch');
      expect(r.code).toBe(126);
      expect(r.stdout + r.stderr).toMatch(/OCI runtime exec failed: .*exec: "dbktest-nosuch": executable file not found in \$PATH/);
    });
  });
});
