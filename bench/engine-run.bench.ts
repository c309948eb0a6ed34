// `docker run --rm busybox true` end to end: the real docker client against a
// dockbook daemon, dockbook's own CLI against the same daemon, and the same
// docker client against Debian's dockerd 20.10 (docker.io) in the same run
// when it is installed; (e) is the floor any Node command pays. Both daemons
// run at once and the cases alternate round by round.
//
// Like for like: (a) and (c) both run with `--network none` (dockerd here
// has no bridge). (a2) adds what dockbook's default bridge costs (a veth
// pair, an address, a route), which dockerd is spared. Goal: (a) ≤ 0.5× (c).
//
// dockerd is sandboxed: its own --data-root, --exec-root, socket, pidfile,
// config file and trust key under a temp dir, no bridge, no iptables, no
// ip_forward, and its containers' cgroups under /dbkbench-dockerd-<pid>. What
// it still creates on the host (/run/docker/plugins, /run/containerd/s) is
// removed afterwards when it was not there before.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCKBOOK_BIN, DOCKER_28, EngineSandbox, apiRequest } from '../test/engine/engine-sandbox.js';
import { median, report } from './stats.js';

const N = Number(process.env['BENCH_RUNS'] ?? 30);
const DOCKERD = ['/usr/sbin/dockerd', '/usr/bin/dockerd'].find((p) => existsSync(p));

function mustRun(file: string, args: readonly string[], env: Record<string, string>): string {
  const r = spawnSync(file, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

interface Case { readonly name: string; run(): void }

/**
 * Each case once to warm up (first use of the image, page cache), then N
 * rounds that run every case in turn: load from anything else on this VM
 * then falls on all of them alike, which keeps the ratios honest.
 */
function interleaved(cases: readonly Case[]): { name: string; ms: number[] }[] {
  for (const c of cases) c.run();
  const rows = cases.map((c) => ({ name: c.name, ms: [] as number[] }));
  for (let i = 0; i < N; i++) {
    cases.forEach((c, k) => {
      const t0 = performance.now();
      c.run();
      rows[k]!.ms.push(performance.now() - t0);
    });
  }
  return rows;
}

/** dockerd 20.10 in a temp dir, with a busybox image imported from /bin/busybox. */
class SandboxedDockerd {
  readonly socket: string;
  readonly cgroupParent = `dbkbench-dockerd-${process.pid}`;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  /** Host paths dockerd creates outside its roots, and whether they existed before. */
  private readonly hostDirs = ['/run/docker', '/run/docker/plugins', '/run/containerd', '/run/containerd/s']
    .map((path) => ({ path, existed: existsSync(path) }));

  constructor(private readonly dir: string, private readonly binary: string) {
    mkdirSync(dir, { recursive: true });
    this.socket = join(dir, 'docker.sock');
  }

  get env(): Record<string, string> {
    return { DOCKER_HOST: `unix://${this.socket}`, DOCKER_CONFIG: join(this.dir, 'docker-config') };
  }

  async start(): Promise<void> {
    mkdirSync(join(this.dir, 'docker-config'), { recursive: true });
    writeFileSync(join(this.dir, 'daemon.json'), JSON.stringify({ 'deprecated-key-path': join(this.dir, 'key.json') }));
    // A file, not a pipe: the timed runs block in spawnSync, and dockerd logs
    // enough per run to fill a pipe nobody drains, which stalls it.
    const logFd = openSync(join(this.dir, 'dockerd.log'), 'a');
    const child = spawn(this.binary, [
      '--data-root', join(this.dir, 'data'), '--exec-root', join(this.dir, 'exec'),
      '-H', `unix://${this.socket}`, '--pidfile', join(this.dir, 'docker.pid'),
      '--config-file', join(this.dir, 'daemon.json'),
      '--bridge=none', '--iptables=false', '--ip6tables=false', '--ip-forward=false', '--ip-masq=false',
      `--cgroup-parent=/${this.cgroupParent}`,
    ], { stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    this.child = child;
    let gone = false;
    this.exited = new Promise<void>((resolve) => child.once('exit', () => { gone = true; this.child = null; resolve(); }));
    for (let i = 0; i < 300 && !gone; i++) {
      if ((await apiRequest(this.socket, 'GET', '/_ping').catch(() => null))?.status === 200) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`dockerd did not come up:\n${readFileSync(join(this.dir, 'dockerd.log'), 'utf8').slice(-3000)}`);
  }

  /** `docker import` of a rootfs holding only /bin/busybox and its applets, as busybox:latest. */
  importBusybox(): void {
    const rootfs = join(this.dir, 'rootfs');
    for (const d of ['bin', 'etc', 'tmp', 'proc', 'sys', 'dev']) mkdirSync(join(rootfs, d), { recursive: true });
    copyFileSync('/bin/busybox', join(rootfs, 'bin', 'busybox'));
    for (const a of mustRun('/bin/busybox', ['--list'], {}).split('\n').filter((x) => x && x !== 'busybox')) {
      symlinkSync('busybox', join(rootfs, 'bin', a));
    }
    const tar = join(this.dir, 'busybox-rootfs.tar');
    mustRun('/usr/bin/tar', ['-C', rootfs, '-cf', tar, '.'], {});
    mustRun(DOCKER_28, ['import', tar, 'busybox:latest'], this.env);
  }

  async stop(): Promise<string[]> {
    const left: string[] = [];
    if (this.child) {
      const ids = spawnSync(DOCKER_28, ['ps', '-aq'], { encoding: 'utf8', env: { ...process.env, ...this.env } }).stdout?.trim();
      if (ids) spawnSync(DOCKER_28, ['rm', '-f', ...ids.split('\n')], { env: { ...process.env, ...this.env } });
      const child = this.child;
      child.kill('SIGTERM');
      const timer = setTimeout(() => { left.push('dockerd needed SIGKILL'); child.kill('SIGKILL'); }, 30_000);
      await this.exited;
      clearTimeout(timer);
    }
    // Its managed containerd exits with it; anything still naming our dir is ours to end.
    for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
      try {
        if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(this.dir)) {
          left.push(`process ${entry}`);
          process.kill(Number(entry), 'SIGKILL');
        }
      } catch { /* gone */ }
    }
    for (const m of readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '')
      .filter((p) => p.startsWith(`${this.dir}/`)).sort((a, b) => b.length - a.length)) {
      left.push(`mount ${m}`);
      spawnSync('/usr/bin/umount', ['-l', m]);
    }
    for (const ctl of readdirSync('/sys/fs/cgroup')) {
      const dir = join('/sys/fs/cgroup', ctl, this.cgroupParent);
      if (existsSync(dir)) try { rmdirSync(dir); } catch (e) { left.push(`cgroup ${dir}: ${String(e)}`); }
    }
    for (const { path, existed } of [...this.hostDirs].reverse()) {
      if (!existed && existsSync(path)) try { rmdirSync(path); } catch (e) { left.push(`${path}: ${String(e)}`); }
    }
    return left;
  }
}

const engine = new EngineSandbox('dbkbench');
const dockerd = DOCKERD ? new SandboxedDockerd(join(engine.dir, 'dockerd'), DOCKERD) : null;
let cleaned: Promise<void> | null = null;
function cleanUp(): Promise<void> {
  cleaned ??= (async () => {
    if (dockerd) {
      const left = await dockerd.stop().catch((e: unknown) => [String(e)]);
      if (left.length) process.stdout.write(`dockerd left behind (removed): ${left.join('; ')}\n`);
    }
    const left = await engine.teardown();
    if (left.length) process.stdout.write(`dockbook left behind (removed): ${left.join('; ')}\n`);
    rmSync(engine.dir, { recursive: true, force: true });
  })();
  return cleaned;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => { process.stderr.write(`${sig}: cleaning up\n`); void cleanUp().finally(() => process.exit(130)); });
}
let failed = false;
try {
  await engine.start();
  const clientVersion = mustRun(DOCKER_28, ['version', '--format', '{{.Client.Version}}'], engine.dockerEnv).trim();
  const none = ['run', '--rm', '--network', 'none', 'busybox', 'true'];
  const bridged = ['run', '--rm', 'busybox', 'true'];
  const cases: Case[] = [
    { name: '(a) docker → dockbook, --network none', run: () => { mustRun(DOCKER_28, none, engine.dockerEnv); } },
    { name: '(a2) docker → dockbook, bridge', run: () => { mustRun(DOCKER_28, bridged, engine.dockerEnv); } },
    { name: '(b) dockbook → dockbook, bridge', run: () => { mustRun(process.execPath, [DOCKBOOK_BIN, ...bridged], engine.dockbookEnv); } },
  ];
  if (dockerd) {
    await dockerd.start();
    dockerd.importBusybox();
    process.stdout.write(`reference: dockerd ${mustRun(DOCKER_28, ['version', '--format', '{{.Server.Version}}'], dockerd.env).trim()} (--bridge=none), busybox imported from /bin/busybox\n`);
    cases.push({ name: '(c) docker → dockerd, --network none', run: () => { mustRun(DOCKER_28, none, dockerd.env); } });
  } else {
    process.stdout.write("dockerd is not installed (apt-get install docker.io): no dockerd reference in this run, (c) skipped\n");
  }
  cases.push({ name: '(e) node -e 0', run: () => { mustRun(process.execPath, ['-e', '0'], {}); } });
  process.stdout.write(`each row: \`run --rm busybox true\` with docker client ${clientVersion} or dockbook; medians of ${N} interleaved rounds after one warm-up\n`);
  const rows = interleaved(cases);
  const reference = rows.find((r) => r.name.startsWith('(c)'))?.name ?? '(e) node -e 0';
  report(rows, reference);
  if (dockerd) {
    const m = (prefix: string) => median(rows.find((r) => r.name.startsWith(prefix))!.ms);
    const [a, a2, b, c] = [m('(a)'), m('(a2)'), m('(b)'), m('(c)')];
    process.stdout.write(`goal (a) ≤ 0.5× dockerd: ${(a / c).toFixed(2)}× → ${a <= 0.5 * c ? 'met' : 'not met'}; (a2) with a bridge is ${(a2 / c).toFixed(2)}×, (b) is ${(b / c).toFixed(2)}× dockerd\n`);
  }
} catch (e) {
  failed = true;
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${engine.log}\n`);
} finally {
  await cleanUp();
}
process.exit(failed ? 1 : 0);
