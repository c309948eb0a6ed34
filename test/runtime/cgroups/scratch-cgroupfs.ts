import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { KernelError } from '../../../core/kernel/kernel-error.js';
import type { DirEntry, MountInfo } from '../../../core/kernel/types.js';

/**
 * A cgroup filesystem laid out in a temporary directory, behind the file
 * calls of the Kernel interface, so the managers can be tested without root
 * and the test can see exactly what got written where. It imitates the
 * cgroupfs behaviour the managers depend on: a new cgroup directory comes
 * with its interface files (v2: for the controllers its parent hands down),
 * writing a file that is not there fails with EACCES, a v1 cpuset with empty
 * cpus/mems refuses tasks (ENOSPC), rmdir removes the interface files but
 * refuses while processes or child cgroups remain.
 */

export interface ScratchOptions {
  readonly version: 1 | 2;
  /** v1: the hierarchies to lay out, each a list of co-mounted controllers. */
  readonly v1Hierarchies?: readonly (readonly string[])[];
  /** v2: the controllers the root's cgroup.controllers offers. */
  readonly v2Controllers?: readonly string[];
  /** Interface files this "kernel" lacks (swap accounting off, no BFQ …). */
  readonly missingFiles?: readonly string[];
}

type Files = Record<string, string>;

const V1_FILES: Record<string, Files> = {
  cpu: { 'cpu.shares': '1024\n', 'cpu.cfs_period_us': '100000\n', 'cpu.cfs_quota_us': '-1\n', 'cpu.stat': 'nr_periods 0\nnr_throttled 0\nthrottled_time 0\n' },
  cpuacct: { 'cpuacct.usage': '0\n', 'cpuacct.usage_user': '0\n', 'cpuacct.usage_sys': '0\n' },
  cpuset: { 'cpuset.cpus': '\n', 'cpuset.mems': '\n' },
  memory: {
    'memory.limit_in_bytes': '9223372036854771712\n', 'memory.soft_limit_in_bytes': '9223372036854771712\n',
    'memory.memsw.limit_in_bytes': '9223372036854771712\n', 'memory.swappiness': '60\n', 'memory.usage_in_bytes': '0\n',
    'memory.max_usage_in_bytes': '0\n', 'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n',
    'memory.stat': 'cache 0\nrss 0\ninactive_file 0\ntotal_cache 0\ntotal_rss 0\ntotal_inactive_file 0\n',
  },
  devices: { 'devices.allow': '', 'devices.deny': '', 'devices.list': 'a *:* rwm\n' },
  freezer: { 'freezer.state': 'THAWED\n' },
  blkio: {
    'blkio.weight': '500\n', 'blkio.weight_device': '', 'blkio.bfq.weight': '100\n', 'blkio.bfq.weight_device': 'default 100\n',
    'blkio.throttle.read_bps_device': '', 'blkio.throttle.write_bps_device': '',
    'blkio.throttle.read_iops_device': '', 'blkio.throttle.write_iops_device': '',
  },
  pids: { 'pids.max': 'max\n', 'pids.current': '0\n' },
};

const V2_FILES: Record<string, Files> = {
  cpu: { 'cpu.weight': '100\n', 'cpu.max': 'max 100000\n' },
  cpuset: { 'cpuset.cpus': '\n', 'cpuset.mems': '\n' },
  memory: {
    'memory.max': 'max\n', 'memory.low': '0\n', 'memory.swap.max': 'max\n', 'memory.current': '0\n', 'memory.peak': '0\n',
    'memory.events': 'low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n', 'memory.stat': 'anon 0\nfile 0\ninactive_file 0\n',
  },
  io: { 'io.max': '', 'io.weight': 'default 100\n', 'io.bfq.weight': 'default 100\n' },
  pids: { 'pids.max': 'max\n', 'pids.current': '0\n' },
};

const V2_CORE: Files = {
  'cgroup.procs': '', 'cgroup.subtree_control': '\n', 'cgroup.freeze': '0\n', 'cgroup.events': 'populated 0\nfrozen 0\n', 'cgroup.kill': '',
  'cpu.stat': 'usage_usec 0\nuser_usec 0\nsystem_usec 0\n',
};

export class ScratchCgroupfs {
  readonly base = mkdtempSync(join(tmpdir(), 'dbktest-cgfs-'));
  /** Every write that reached a file, in order: [path relative to base, value]. */
  readonly writes: [string, string][] = [];
  /** basename → errno: writes to that file fail the way the kernel would refuse them. */
  readonly failWrites = new Map<string, string>();
  /** Makes mkdir fail with the errno returned for a path (say, in one hierarchy only). */
  mkdirFails: (path: string) => string | undefined = () => undefined;
  private readonly mounts: MountInfo[] = [];
  /** Cgroup directory → its hierarchy root and the controllers there. */
  private readonly roots = new Map<string, string[]>();

  constructor(private readonly opts: ScratchOptions) {
    if (opts.version === 2) {
      const root = join(this.base, 'unified');
      this.addMount(root, 'cgroup2', []);
      this.populate(root, { ...V2_CORE, 'cgroup.controllers': `${(opts.v2Controllers ?? []).join(' ')}\n` });
    } else {
      for (const ctrls of opts.v1Hierarchies ?? []) {
        const root = join(this.base, ctrls.join(','));
        this.addMount(root, 'cgroup', [...ctrls]);
        this.populate(root, this.v1Files(ctrls));
        if (ctrls.includes('cpuset')) {
          writeFileSync(join(root, 'cpuset.cpus'), '0-3\n');
          writeFileSync(join(root, 'cpuset.mems'), '0\n');
        }
      }
    }
  }

  /** Where a controller's hierarchy is (v1), or the cgroup2 root. */
  root(controller = 'unified'): string {
    return this.mounts.find((m) => m.mountPoint.endsWith(`/${controller}`) || m.mountPoint.split('/').pop()!.split(',').includes(controller))!.mountPoint;
  }

  read(path: string): string {
    return readFileSync(path, 'utf8');
  }

  /** Every directory under the base, relative: what a test checks is left behind. */
  dirs(): string[] {
    const out: string[] = [];
    const walk = (d: string): void => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) { out.push(p.slice(this.base.length + 1)); walk(p); }
      }
    };
    walk(this.base);
    return out.sort();
  }

  /** Puts a pid into a cgroup.procs as the kernel would after a successful move. */
  addPid(dir: string, pid: number): void {
    writeFileSync(join(dir, 'cgroup.procs'), `${this.read(join(dir, 'cgroup.procs'))}${pid}\n`);
    this.setPopulated(dir, true);
  }

  /** Every signal sent through kernel.kill, in order: [pid, signal]. */
  readonly kills: [number, string | number][] = [];

  private setPopulated(dir: string, populated: boolean): void {
    const events = join(dir, 'cgroup.events');
    if (existsSync(events)) writeFileSync(events, this.read(events).replace(/^populated \d$/m, `populated ${populated ? 1 : 0}`));
  }

  /** What cgroup.kill does: every process of the cgroup and below it is gone. */
  private killSubtree(dir: string): void {
    for (const d of readdirSync(dir, { withFileTypes: true })) if (d.isDirectory()) this.killSubtree(join(dir, d.name));
    writeFileSync(join(dir, 'cgroup.procs'), '');
    this.setPopulated(dir, false);
  }

  cleanup(): void {
    rmSync(this.base, { recursive: true, force: true });
  }

  private addMount(root: string, fstype: string, ctrls: string[]): void {
    mkdirSync(root, { recursive: true });
    this.roots.set(root, ctrls);
    this.mounts.push({
      id: this.mounts.length + 100, parentId: 1, root: '/', mountPoint: root, options: ['rw'], propagation: [],
      fstype, source: fstype, superOptions: ['rw', ...ctrls],
    });
  }

  private v1Files(ctrls: readonly string[]): Files {
    return Object.assign({ 'cgroup.procs': '', tasks: '' }, ...ctrls.map((c) => V1_FILES[c] ?? {}));
  }

  private populate(dir: string, files: Files): void {
    for (const [name, text] of Object.entries(files)) {
      if (!(this.opts.missingFiles ?? []).includes(name) && !existsSync(join(dir, name))) writeFileSync(join(dir, name), text);
    }
  }

  private hierarchyOf(path: string): { root: string; ctrls: string[] } | null {
    for (const [root, ctrls] of this.roots) if (path === root || path.startsWith(`${root}/`)) return { root, ctrls };
    return null;
  }

  private fail(call: string, path: string, errno: string): never {
    throw new KernelError(call, path, errno);
  }

  private errnoOf(e: unknown): string {
    return (e as { code?: string }).code ?? 'EIO';
  }

  private onMkdir(dir: string): void {
    const h = this.hierarchyOf(dir);
    if (!h) return;
    if (this.opts.version === 1) { this.populate(dir, this.v1Files(h.ctrls)); return; }
    const handed = this.read(join(dirname(dir), 'cgroup.subtree_control')).split(/\s+/).filter(Boolean);
    this.populate(dir, { ...V2_CORE, 'cgroup.controllers': `${handed.join(' ')}\n`, ...Object.assign({}, ...handed.map((c) => V2_FILES[c] ?? {})) });
  }

  private onWrite(path: string, value: string): void {
    const name = basename(path);
    const dir = dirname(path);
    const errno = this.failWrites.get(name);
    if (errno) this.fail('write', path, errno);
    if (!existsSync(path)) this.fail('write', path, 'EACCES');
    this.writes.push([path.slice(this.base.length + 1), value]);
    if (name === 'cgroup.procs' || name === 'tasks') {
      // Only v1 refuses: an empty v2 cpuset.cpus means "whatever the parent has" (cpuset.cpus.effective).
      const empty = (f: string): boolean => existsSync(join(dir, f)) && this.read(join(dir, f)).trim() === '';
      if (this.opts.version === 1 && (empty('cpuset.cpus') || empty('cpuset.mems'))) this.fail('write', path, 'ENOSPC');
      this.addPid(dir, Number(value));
      return;
    }
    if (name === 'cgroup.subtree_control') {
      const offered = this.read(join(dir, 'cgroup.controllers')).split(/\s+/).filter(Boolean);
      const now = new Set(this.read(path).split(/\s+/).filter(Boolean));
      for (const tok of value.split(/\s+/).filter(Boolean)) {
        if (!offered.includes(tok.slice(1))) this.fail('write', path, 'ENOENT');
        if (tok.startsWith('+')) now.add(tok.slice(1)); else now.delete(tok.slice(1));
      }
      writeFileSync(path, `${[...now].join(' ')}\n`);
      return;
    }
    if (name === 'cgroup.kill') {
      this.killSubtree(dir);
      return;
    }
    if (name === 'cgroup.freeze') {
      writeFileSync(path, `${value}\n`);
      writeFileSync(join(dir, 'cgroup.events'), `populated 0\nfrozen ${value.trim()}\n`);
      return;
    }
    // The v1 freezer passes through FREEZING before it settles: the first read after a write shows it.
    writeFileSync(path, name === 'freezer.state' && value === 'FROZEN' ? 'FREEZING\n' : `${value}\n`);
  }

  /** The Kernel the managers get: file calls only, anything else fails loudly. */
  kernel(): Kernel {
    const wrap = <T>(call: string, path: string, run: () => T): Promise<T> => {
      try { return Promise.resolve(run()); } catch (e) {
        return Promise.reject(e instanceof KernelError ? e : new KernelError(call, path, this.errnoOf(e)));
      }
    };
    let clock = 0;
    const impl: Partial<Kernel> = {
      kind: 'sim',
      mountTable: async () => this.mounts,
      readText: (p) => wrap('read', p, () => {
        const text = this.read(p);
        if (basename(p) === 'freezer.state' && text === 'FREEZING\n') writeFileSync(p, 'FROZEN\n');
        return text;
      }),
      writeFile: (p, data) => wrap('write', p, () => this.onWrite(p, String(data))),
      exists: async (p) => existsSync(p),
      readdir: (p) => wrap('readdir', p, (): DirEntry[] => readdirSync(p, { withFileTypes: true }).map((d) => ({ name: d.name, type: d.isDirectory() ? 'dir' : 'file' }))),
      mkdir: (p) => wrap('mkdir', p, () => {
        const errno = this.mkdirFails(p);
        if (errno) this.fail('mkdir', p, errno);
        mkdirSync(p);
        this.onMkdir(p);
      }),
      rmdir: (p) => wrap('rmdir', p, () => {
        if (!existsSync(p)) this.fail('rmdir', p, 'ENOENT');
        const entries = readdirSync(p, { withFileTypes: true });
        if (entries.some((d) => d.isDirectory())) this.fail('rmdir', p, 'ENOTEMPTY');
        if (existsSync(join(p, 'cgroup.procs')) && this.read(join(p, 'cgroup.procs')).trim() !== '') this.fail('rmdir', p, 'EBUSY');
        for (const d of entries) unlinkSync(join(p, d.name));
        rmdirSync(p);
      }),
      kill: async (pid, signal) => { this.kills.push([pid, signal]); },
      sleep: async (ms) => { clock += ms; },
      monotonic: () => clock,
      now: () => clock,
    };
    return new Proxy(impl as Kernel, {
      get(target, prop, receiver) {
        if (prop in target) return Reflect.get(target, prop, receiver);
        if (prop === 'then') return undefined;
        return () => { throw new Error(`scratch cgroupfs: Kernel.${String(prop)} is not available`); };
      },
    });
  }
}
