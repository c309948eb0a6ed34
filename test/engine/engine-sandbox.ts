import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/** bin/dockbook.mjs: the daemon and the CLI, as a user runs them. */
export const DOCKBOOK_BIN = fileURLToPath(new URL('../../bin/dockbook.mjs', import.meta.url));

/** The docker 28 client these machines carry. */
export const DOCKER_28 = '/usr/local/bin/docker';
/** The docker 20.10 client from Debian's docker.io package, when installed. */
export const DOCKER_20 = '/usr/bin/docker';

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One HTTP request on a unix socket, outside any client library. */
export function apiRequest(socketPath: string, method: string, path: string, body?: string, timeoutMs = 30_000): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    // A connection per request: callers block in spawnSync, so a pooled keep-alive
    // connection may have been closed by the server without this process noticing.
    const req = request({ socketPath, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer in ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Mount points at or below `dir`, deepest first. */
function mountsBelow(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/** Processes whose command line names `dir` (the daemon's shims keep its state paths on theirs). */
function processesNaming(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir)) pids.push(Number(entry));
    } catch { /* it exited meanwhile */ }
  }
  return pids;
}

/**
 * A dockbook daemon of its own: state and sockets in a fresh temp dir, and
 * "the host" side of networking in a network namespace made for it, so the
 * real host's links are never touched. `teardown()` removes every container,
 * stops the daemon, deletes the namespace and the state, and returns what it
 * had to clean up by force (an empty list when the engine left nothing behind).
 */
export class EngineSandbox {
  readonly dir: string;
  readonly netns: string;
  readonly bridge: string;
  readonly root: string;
  readonly run: string;
  readonly socket: string;
  private daemon: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private expectExit = false;

  /** `env` adds to the daemon's environment (e.g. DOCKBOOK_DNS_UPSTREAM). */
  constructor(readonly prefix: 'dbktest' | 'dbkbench', private readonly env: Record<string, string> = {}) {
    this.dir = mkdtempSync(join(tmpdir(), `${prefix}-engine-`));
    this.netns = `${prefix}-host-${process.pid}`;
    this.bridge = `${prefix}0`;
    this.root = join(this.dir, 'root');
    this.run = join(this.dir, 'run');
    this.socket = join(this.run, 'dockbook.sock');
    mkdirSync(join(this.dir, 'docker-config'));
    const made = spawnSync('/usr/sbin/ip', ['netns', 'add', this.netns], { encoding: 'utf8' });
    if (made.status !== 0) {
      rmSync(this.dir, { recursive: true, force: true });
      throw new Error(`ip netns add ${this.netns}: ${made.stderr.trim()}`);
    }
  }

  /** What the docker client needs to reach this daemon (and a config dir that is not ~/.docker). */
  get dockerEnv(): Record<string, string> {
    return { DOCKER_HOST: `unix://${this.socket}`, DOCKER_CONFIG: join(this.dir, 'docker-config') };
  }

  /** What `dockbook` needs to find this daemon's socket. */
  get dockbookEnv(): Record<string, string> {
    return { DOCKBOOK_RUN: this.run, DOCKBOOK_HOST: '' };
  }

  get running(): boolean {
    return this.daemon !== null;
  }

  /**
   * Output of the daemon so far (for failure messages). It goes to a file, not
   * a pipe: callers block in spawnSync, and a pipe nobody drains stalls the daemon.
   */
  get log(): string {
    try { return readFileSync(join(this.dir, 'daemon.log'), 'utf8'); } catch { return ''; }
  }

  /** Starts `dockbook daemon` and resolves once `/_ping` answers on its socket. */
  async start(): Promise<void> {
    if (this.daemon) return;
    const logFd = openSync(join(this.dir, 'daemon.log'), 'a');
    const child = spawn(process.execPath, [DOCKBOOK_BIN, 'daemon'], {
      stdio: ['ignore', logFd, logFd],
      env: {
        ...process.env,
        DOCKBOOK_ROOT: this.root,
        DOCKBOOK_RUN: this.run,
        DOCKBOOK_HOST: '',
        DOCKBOOK_HOST_NETNS: `/run/netns/${this.netns}`,
        DOCKBOOK_BRIDGE: this.bridge,
        ...this.env,
      },
    });
    closeSync(logFd);
    this.daemon = child;
    let gone = false;
    this.expectExit = false;
    this.exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
      gone = true;
      this.daemon = null;
      const note = `[dockbook daemon pid ${child.pid} exited: code ${code}, signal ${signal}]\n`;
      try { const fd = openSync(join(this.dir, 'daemon.log'), 'a'); writeSync(fd, note); closeSync(fd); } catch { /* torn down */ }
      if (!this.expectExit) process.stderr.write(`dockbook daemon exited unexpectedly:\n${this.log}`);
      resolve();
    }));
    for (let i = 0; i < 300 && !gone; i++) {
      const ping = await apiRequest(this.socket, 'GET', '/_ping').catch(() => null);
      if (ping?.status === 200) return;
      await sleep(100);
    }
    this.expectExit = true;
    if (!gone) child.kill('SIGKILL');
    await this.exited;
    throw new Error(`dockbook daemon did not come up:\n${this.log}`);
  }

  /** Sends the daemon a signal and waits for it to exit (SIGKILL after 20 s). */
  async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.daemon;
    if (!child) return;
    this.expectExit = true;
    child.kill(sig);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }

  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  /** Removes every container the daemon knows, with its anonymous volumes. */
  async removeAllContainers(): Promise<void> {
    if (!this.daemon) await this.start();
    const list = await apiRequest(this.socket, 'GET', '/v1.45/containers/json?all=1');
    const failures: string[] = [];
    for (const c of JSON.parse(list.body) as { Id: string; Names: string[] }[]) {
      const r = await apiRequest(this.socket, 'DELETE', `/v1.45/containers/${c.Id}?force=1&v=1`);
      if (r.status !== 204) failures.push(`DELETE ${c.Names.join(',')}: ${r.status} ${r.body}`);
    }
    if (failures.length) throw new Error(`could not remove every container: ${failures.join('; ')}`);
  }

  async teardown(): Promise<string[]> {
    const forced: string[] = [];
    try {
      await this.removeAllContainers();
    } catch (e) {
      forced.push(`removing containers through the API failed: ${String(e)}`);
    }
    await this.stop();
    for (const pid of processesNaming(this.dir)) {
      forced.push(`process ${pid} still running`);
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    for (const m of mountsBelow(this.dir)) {
      forced.push(`mount ${m}`);
      spawnSync('/usr/bin/umount', ['-l', m]);
    }
    spawnSync('/usr/sbin/ip', ['netns', 'del', this.netns]);
    rmSync(this.dir, { recursive: true, force: true });
    if (existsSync(`/run/netns/${this.netns}`)) forced.push(`netns ${this.netns} could not be deleted`);
    return forced;
  }
}

/**
 * Runs a client command line with `env` added, collecting its output. A
 * command still running after `timeoutMs` is killed (code null): a guard
 * against hangs, not a speed check.
 */
export function runCommand(file: string, args: readonly string[], env: Record<string, string>, timeoutMs = 90_000): CommandResult {
  const r = spawnSync(file, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: timeoutMs });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * One sandboxed daemon for the tests of a describe block: started before them; after each,
 * `afterEach` runs (stopping followers, removing scratch dirs) and every container goes; after
 * all, `beforeTeardown` runs and the teardown must not have had to remove anything by force.
 */
export function useEngineSandbox(
  set: (engine: EngineSandbox) => void,
  hooks: { readonly afterEach?: () => unknown; readonly beforeTeardown?: (engine: EngineSandbox) => Promise<unknown> } = {},
): void {
  let engine: EngineSandbox | null = null;
  beforeAll(async () => {
    engine = new EngineSandbox('dbktest');
    set(engine);
    await engine.start();
  }, 120_000);
  afterEach(async () => {
    await hooks.afterEach?.();
    await engine?.removeAllContainers();
  });
  afterAll(async () => {
    if (!engine) return;
    await hooks.beforeTeardown?.(engine);
    expect(await engine.teardown(), 'what teardown had to remove by force').toEqual([]);
  }, 120_000);
}
