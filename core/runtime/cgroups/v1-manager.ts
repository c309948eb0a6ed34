import { DockbookError } from '../../errors.js';
import type { Kernel } from '../../kernel/kernel.js';
import { executeWrites, writeCgroupFile } from './apply-writes.js';
import { cgroupsPathLevels, levelDirs } from './cgroups-path.js';
import { parseCpuStatV1, type CpuStats } from './cpu-stat.js';
import { destroyCgroup } from './destroy.js';
import { parseCounter, parseLimit } from './keyed-file.js';
import type { CgroupHierarchy } from './layout.js';
import type { AppliedWrite, CgroupManager, CgroupStats, MemoryStats, PidsStats } from './manager.js';
import { orderMemoryLimits } from './memory-order.js';
import { parseMemoryStatV1, parseOomKills } from './memory-stat.js';
import { planWrites } from './plan.js';
import { readOptional, readRequired } from './read-file.js';
import type { LinuxResources } from './resources.js';
import { rollBack } from './roll-back.js';
import { cgroupsBelow, killEach, makeCgroupDir, processesIn } from './tree.js';
import { validateResources } from './validate.js';
import { fillCpusetFromParent } from './v1-cpuset.js';
import { waitForState } from './wait-state.js';

/** The v1 controllers a container's cgroup joins; others (net_cls, perf_event, …) are left to the host. */
export const V1_CONTROLLERS = ['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids'] as const;

/**
 * cgroup v1: every controller hierarchy is a separate tree, so the cgroup
 * is one directory per hierarchy (cpu and cpuacct share one where they are
 * mounted together), and a process must be added to each.
 */
export class V1CgroupManager implements CgroupManager {
  readonly version = 1 as const;
  private readonly levels: readonly string[];
  /** Controller → the mount point of the hierarchy that carries it. */
  private readonly roots: ReadonlyMap<string, string>;
  /** Directories this manager made, in the order it made them. */
  private made: string[] = [];
  private joined = false;

  constructor(private readonly kernel: Kernel, readonly cgroupsPath: string, hierarchies: readonly CgroupHierarchy[]) {
    this.levels = cgroupsPathLevels(cgroupsPath);
    const roots = new Map<string, string>();
    for (const c of V1_CONTROLLERS) {
      const h = hierarchies.find((x) => x.version === 1 && x.controllers.includes(c));
      if (h) roots.set(c, h.mountPoint);
    }
    this.roots = roots;
  }

  private leaf(root: string): string {
    return levelDirs(root, this.levels).at(-1)!;
  }

  /** Each hierarchy once, in V1_CONTROLLERS order. */
  private hierarchyRoots(): string[] {
    return [...new Set(this.roots.values())];
  }

  private leaves(): string[] {
    return this.hierarchyRoots().map((r) => this.leaf(r));
  }

  private dirFor(controller: string): string | null {
    const root = this.roots.get(controller);
    return root === undefined ? null : this.leaf(root);
  }

  paths(): Readonly<Record<string, string>> {
    return Object.fromEntries([...this.roots].map(([c, root]) => [c, this.leaf(root)]));
  }

  async create(): Promise<void> {
    if (this.roots.size === 0) {
      throw new DockbookError('E_UNSUPPORTED', `no cgroup v1 hierarchy carries any of ${V1_CONTROLLERS.join(', ')}`, {
        hint: 'mount the controllers (mount -t cgroup -o memory cgroup /sys/fs/cgroup/memory), or use a cgroup v2 host',
      });
    }
    const made: string[] = [];
    const cpusetRoot = this.roots.get('cpuset');
    try {
      for (const root of this.hierarchyRoots()) {
        let parent = root;
        for (const dir of levelDirs(root, this.levels)) {
          if (await makeCgroupDir(this.kernel, dir)) made.push(dir);
          if (root === cpusetRoot) await fillCpusetFromParent(this.kernel, dir, parent);
          parent = dir;
        }
      }
    } catch (e) {
      return rollBack(this.kernel, made, e);
    }
    this.made.push(...made);
  }

  async addProcess(pid: number): Promise<void> {
    this.joined = true;
    for (const dir of this.leaves()) await writeCgroupFile(this.kernel, `${dir}/cgroup.procs`, String(pid));
  }

  async apply(resources: LinuxResources): Promise<AppliedWrite[]> {
    validateResources(resources);
    try {
      let plan = planWrites(1, resources);
      const memory = this.dirFor('memory');
      if (memory && plan.some((w) => w.file === 'memory.memsw.limit_in_bytes')) {
        const current = await readOptional(this.kernel, `${memory}/memory.memsw.limit_in_bytes`);
        plan = orderMemoryLimits(plan, current === null ? null : parseLimit(current));
      }
      return await executeWrites(this.kernel, plan, (controller) => {
        const dir = this.dirFor(controller);
        return dir ? { dir } : { reason: `no cgroup v1 hierarchy on this host has the ${controller} controller mounted` };
      });
    } catch (e) {
      if (this.joined || this.made.length === 0) throw e;
      const made = this.made;
      this.made = [];
      return rollBack(this.kernel, made, e);
    }
  }

  async stats(): Promise<CgroupStats> {
    return { cpu: await this.cpuStats(), memory: await this.memoryStats(), pids: await this.pidsStats() };
  }

  private async cpuStats(): Promise<CpuStats | null> {
    const cpu = this.dirFor('cpu');
    if (!cpu) return null;
    const acct = this.dirFor('cpuacct');
    const ns = async (file: string): Promise<number | undefined> => {
      const t = acct ? await readOptional(this.kernel, `${acct}/${file}`) : null;
      return t === null ? undefined : parseCounter(t);
    };
    return parseCpuStatV1(await readRequired(this.kernel, `${cpu}/cpu.stat`), {
      totalNs: await ns('cpuacct.usage'), userNs: await ns('cpuacct.usage_user'), systemNs: await ns('cpuacct.usage_sys'),
    });
  }

  private async memoryStats(): Promise<MemoryStats | null> {
    const dir = this.dirFor('memory');
    if (!dir) return null;
    const read = (file: string): Promise<string> => readRequired(this.kernel, `${dir}/${file}`);
    const oom = await readOptional(this.kernel, `${dir}/memory.oom_control`);
    return {
      usageBytes: parseCounter(await read('memory.usage_in_bytes')),
      limitBytes: parseLimit(await read('memory.limit_in_bytes')),
      maxUsageBytes: parseCounter(await read('memory.max_usage_in_bytes')),
      oomKills: oom === null ? null : parseOomKills(oom),
      stat: parseMemoryStatV1(await read('memory.stat')),
    };
  }

  private async pidsStats(): Promise<PidsStats | null> {
    const dir = this.dirFor('pids');
    if (!dir) return null;
    return {
      current: parseCounter(await readRequired(this.kernel, `${dir}/pids.current`)),
      limit: parseLimit(await readRequired(this.kernel, `${dir}/pids.max`)),
    };
  }

  async pids(): Promise<number[]> {
    const dirs: string[] = [];
    for (const leaf of this.leaves()) dirs.push(...(await cgroupsBelow(this.kernel, leaf)));
    return processesIn(this.kernel, dirs);
  }

  async populated(): Promise<boolean> {
    return (await this.pids()).length > 0;
  }

  // v1 has no cgroup.kill: a process forking between the read and the kill can escape, so callers wait for the cgroup to empty.
  async killAll(): Promise<void> {
    await killEach(this.kernel, await this.pids());
  }

  private freezer(): string {
    const dir = this.dirFor('freezer');
    if (dir) return dir;
    throw new DockbookError('E_UNSUPPORTED', 'no cgroup v1 hierarchy on this host has the freezer controller mounted', {
      hint: 'mount it: mount -t cgroup -o freezer cgroup /sys/fs/cgroup/freezer',
    });
  }

  async freeze(): Promise<void> {
    const state = `${this.freezer()}/freezer.state`;
    await writeCgroupFile(this.kernel, state, 'FROZEN');
    await waitForState(this.kernel, state, 'FROZEN', (t) => t.trim() === 'FROZEN');
  }

  async thaw(): Promise<void> {
    const state = `${this.freezer()}/freezer.state`;
    await writeCgroupFile(this.kernel, state, 'THAWED');
    await waitForState(this.kernel, state, 'THAWED', (t) => t.trim() === 'THAWED');
  }

  async destroy(): Promise<void> {
    const leaves = this.leaves();
    await destroyCgroup(this.kernel, this.cgroupsPath, leaves, this.made.filter((d) => !leaves.includes(d)));
    this.made = [];
  }

  async exists(): Promise<boolean> {
    for (const dir of this.leaves()) if (await this.kernel.exists(dir)) return true;
    return false;
  }
}
