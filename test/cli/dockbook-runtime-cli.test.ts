import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeBundle, type TestBundle } from '../helpers/bundle.js';
import { describeRoot, uniqueName } from '../helpers/host.js';

const BIN = fileURLToPath(new URL('../../bin/dockbook-runtime.mjs', import.meta.url));

describeRoot('the dockbook-runtime command (real kernel)', () => {
  let root: string;
  let bundle: TestBundle;
  let id: string;

  /**
   * Output goes to files, not pipes: a created container inherits the
   * command's stdio (as with runc) and would hold a pipe open after it exits.
   */
  function rt(...args: string[]): { code: number | null; out: string; err: string } {
    const outFile = join(root, '..', `${id}.out`);
    const errFile = join(root, '..', `${id}.err`);
    const out = openSync(outFile, 'w');
    const err = openSync(errFile, 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, '--root', root, ...args], { stdio: ['ignore', out, err], cwd: bundle.dir, timeout: 30_000 });
      return { code: r.status, out: readFileSync(outFile, 'utf8'), err: readFileSync(errFile, 'utf8') };
    } finally {
      closeSync(out);
      closeSync(err);
      rmSync(outFile, { force: true });
      rmSync(errFile, { force: true });
    }
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dbktest-rtcli-'));
    id = uniqueName('cli');
    bundle = makeBundle((s) => { s.linux!.cgroupsPath = `/dbktest-rtcli/${id}`; });
  });
  afterEach(() => {
    for (const c of existsSync(root) ? readdirSync(root) : []) rt('delete', '--force', c);
    bundle.remove();
    rmSync(root, { recursive: true, force: true });
  });

  it('run exits with the container\'s exit code and leaves nothing behind', () => {
    bundle.write({ ...bundle.spec, process: { ...bundle.spec.process, args: ['sh', '-c', 'echo out-$(hostname); exit 7'] } });
    const r = rt('run', id);
    expect(r.out).toBe('out-dbktest-box\n');
    expect(r.code).toBe(7);
    expect(readdirSync(root)).toEqual([]);
    expect(existsSync(`/sys/fs/cgroup/memory/dbktest-rtcli/${id}`)).toBe(false);
  });

  it('create, state, start, kill and delete work from separate processes, as with runc', () => {
    bundle.write({ ...bundle.spec, process: { ...bundle.spec.process, args: ['sleep', '30'] } });
    expect(rt('create', id).code).toBe(0);
    const created = JSON.parse(rt('state', id).out) as { status: string; pid: number; ociVersion: string };
    expect(created).toMatchObject({ status: 'created', ociVersion: '1.2.0' });
    expect(rt('start', id).code).toBe(0);
    expect(JSON.parse(rt('state', id).out)).toMatchObject({ status: 'running', pid: created.pid });
    expect(rt('list').out).toMatch(new RegExp(`^${id}\\s+${created.pid}\\s+running`, 'm'));
    expect(rt('ps', '--format', 'json', id).out.trim()).toBe(JSON.stringify([created.pid]));
    expect(rt('kill', id, 'KILL').code).toBe(0);
    for (let i = 0; i < 50 && JSON.parse(rt('state', id).out).status !== 'stopped'; i++) spawnSync('sleep', ['0.05']);
    expect(JSON.parse(rt('state', id).out)).toMatchObject({ status: 'stopped', pid: 0 });
    expect(rt('delete', id).code).toBe(0);
    expect(rt('state', id).err).toBe(`dockbook-runtime: E_CONTAINER_NOT_FOUND container "${id}" does not exist (hint: see 'dockbook-runtime list')\n`);
  });

  it('refuses bad input with one line each, and a failed create leaves nothing', () => {
    expect(rt('start', 'nope').err).toMatch(/container "nope" does not exist/);
    bundle.write({ ...bundle.spec, process: { ...bundle.spec.process, args: ['sleep', '30'] } });
    expect(rt('create', id).code).toBe(0);
    const dup = rt('create', id);
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(new RegExp(`container with id "${id}" already exists`));
    const sig = rt('kill', id, 'SIGFOO');
    expect(sig.code).toBe(1);
    expect(sig.err).toMatch(/invalid signal/);
    expect(sig.err.trim().split('\n')).toHaveLength(1);

    const bad = uniqueName('bad');
    bundle.write({ ...bundle.spec, process: { ...bundle.spec.process, args: ['no-such-program'] } });
    const missing = rt('create', bad);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/exec: "no-such-program": executable file not found in \$PATH/);
    expect(existsSync(join(root, bad))).toBe(false);
    expect(existsSync(`/sys/fs/cgroup/pids/dbktest-rtcli/${bad}`)).toBe(false);

    bundle.write({ ...bundle.spec, process: { ...bundle.spec.process, args: [] } } as never);
    const invalid = rt('create', uniqueName('inv'));
    expect(invalid.err).toMatch(/^dockbook-runtime: E_INVALID_CONFIG config\.json: process\.args/);

    bundle.write({ ...bundle.spec, root: { path: '/nonexistent-dbktest' } });
    expect(rt('create', uniqueName('nr')).err).toMatch(/E_NO_ROOTFS rootfs \/nonexistent-dbktest does not exist/);
  });

  it('exec runs a command inside a running container', () => {
    bundle.write({ ...bundle.spec, process: { ...bundle.spec.process, args: ['sleep', '30'] } });
    expect(rt('run', '--detach', id).code).toBe(0);
    const r = rt('exec', id, '--', 'sh', '-c', 'hostname; exit 5');
    expect(r.out).toBe('dbktest-box\n');
    expect(r.code).toBe(5);
  });

  it('spec writes a config.json that validates, and refuses to overwrite one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbktest-spec-'));
    try {
      expect(spawnSync(process.execPath, [BIN, 'spec'], { cwd: dir }).status).toBe(0);
      expect(existsSync(join(dir, 'config.json'))).toBe(true);
      const again = spawnSync(process.execPath, [BIN, 'spec'], { cwd: dir, encoding: 'utf8' });
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/exists/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('start only warns about a failing poststart hook, runs the next one once the program is exec\'d, and the container runs on', () => {
    const log = join(bundle.dir, 'hook.log');
    // The second hook writes what the container's pid (from the state on stdin) is running by then.
    const hook = join(bundle.dir, 'record-cmdline');
    writeFileSync(hook, `#!/bin/sh\npid=$(sed -n 's/.*"pid":\\([0-9]*\\).*/\\1/p')\ntr '\\0' ' ' < /proc/$pid/cmdline > ${log}\n`, { mode: 0o755 });
    bundle.write({
      ...bundle.spec,
      process: { ...bundle.spec.process, args: ['sleep', '30'] },
      hooks: { poststart: [{ path: '/bin/false' }, { path: hook }] },
    });
    expect(rt('create', id).code).toBe(0);
    const start = rt('start', id);
    expect(start.code).toBe(0);
    expect(start.err).toBe('dockbook-runtime: warning: poststart hook /bin/false failed: exit 1\n');
    expect(readFileSync(log, 'utf8')).toBe('sleep 30 ');
    expect(JSON.parse(rt('state', id).out)).toMatchObject({ status: 'running' });
  });

  it('runs with rootfsPropagation shared (pivot_root needs the mount under the rootfs private) and shows / shared inside', () => {
    const rootLine = (mountinfo: string): string => mountinfo.split('\n').find((l) => l.split(' ')[4] === '/')!;
    bundle.write({ ...bundle.spec, process: { ...bundle.spec.process, args: ['cat', '/proc/self/mountinfo'] }, linux: { ...bundle.spec.linux!, rootfsPropagation: 'shared' } });
    const shared = rt('run', id);
    expect(shared.err).toBe('');
    expect(shared.code).toBe(0);
    expect(rootLine(shared.out)).toMatch(/ shared:\d+ /);
    bundle.write({ ...bundle.spec, process: { ...bundle.spec.process, args: ['cat', '/proc/self/mountinfo'] } });
    const byDefault = rt('run', id);
    expect(byDefault.code).toBe(0);
    expect(rootLine(byDefault.out)).not.toMatch(/shared:/);
  });

  // A non-recursive rootfsPropagation leaves the host's shared mounts (such as /run/netns) in the host's
  // peer groups inside the container: dropping the old root then unmounted them on the host too.
  it.each(['shared', 'private', 'slave', 'unbindable'] as const)('with rootfsPropagation %s, dropping the old root unmounts nothing on the host', (propagation) => {
    const base = mkdtempSync(join(tmpdir(), 'dbktest-prop-'));
    const sentinel = join(base, 'inside');
    const mounted = (path: string): boolean => readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === path);
    const sh = (cmd: string): void => { expect(spawnSync('sh', ['-c', cmd]).status, cmd).toBe(0); };
    try {
      sh(`mount -t tmpfs dbktest-prop ${base} && mount --make-shared ${base} && mkdir ${sentinel} && mount -t tmpfs dbktest-prop-inside ${sentinel}`);
      bundle.write({ ...bundle.spec, process: { ...bundle.spec.process, args: ['true'] }, linux: { ...bundle.spec.linux!, rootfsPropagation: propagation } });
      const r = rt('run', id);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(mounted(sentinel)).toBe(true);
    } finally {
      spawnSync('umount', ['-R', base]);
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('prints features as JSON', () => {
    const f = JSON.parse(rt('features').out) as { ociVersionMax: string; linux: { namespaces: string[] } };
    expect(f.ociVersionMax).toBe('1.2.0');
    expect(f.linux.namespaces).toContain('pid');
  });
});
