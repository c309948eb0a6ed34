import { DockbookError } from '../../errors.js';
import type { Kernel } from '../../kernel/kernel.js';
import { executeWrites, writeCgroupFile } from './apply-writes.js';
import { cgroupsPathLevels, levelDirs } from './cgroups-path.js';
import { parseCpuStatV2 } from './cpu-stat.js';
import { destroyCgroup } from './destroy.js';
import { parseCounter, parseKeyedFile, parseLimit } from './keyed-file.js';
import type { AppliedWrite, CgroupManager, CgroupStats, MemoryStats, PidsStats } from './manager.js';
import { parseMemoryStatV2, parseOomKills } from './memory-stat.js';
import { planWrites } from './plan.js';
import { readOptional, readRequired } from './read-file.js';
import type { LinuxResources } from './resources.js';
import { rollBack } from './roll-back.js';
import { cgroupsBelow, killEach, makeCgroupDir, processesIn } from './tree.js';
import { validateResources } from './validate.js';
import { controllerList, handDownControllers } from './v2-subtree.js';
import { waitForState } from './wait-state.js';

/**
 * cgroup v2: one tree for every controller, so the cgroup is a single
 * directory under the cgroup2 mount, and each parent on the way must hand
 * the controllers down through cgroup.subtree_control.
 */
export class V2CgroupManager implements CgroupManager {
  readonly version = 2 as const;
  private readonly levels: readonly string[];
  private readonly dir: string;
  private made: string[] = [];
  private joined = false;

  constructor(private readonly kernel: Kernel, readonly cgroupsPath: string, private readonly mountPoint: string) {
    this.levels = cgroupsPathLevels(cgroupsPath);
    this.dir = levelDirs(mountPoint, this.levels).at(-1)!;
  }

  paths(): Readonly<Record<string, string>> {
    return { unified: this.dir };
  }

  async create(): Promise<void> {
    const made: string[] = [];
    try {
      let parent = this.mountPoint;
      // The cgroup itself hands nothing down: on v2 only a cgroup that does not can hold processes.
      for (const dir of levelDirs(this.mountPoint, this.levels)) {
        await handDownControllers(this.kernel, parent);
        if (await makeCgroupDir(this.kernel, dir)) made.push(dir);
        parent = dir;
      }
    } catch (e) {
      return rollBack(this.kernel, made, e);
    }
    this.made.push(...made);
  }

  async addProcess(pid: number): Promise<void> {
    this.joined = true;
    await writeCgroupFile(this.kernel, `${this.dir}/cgroup.procs`, String(pid));
  }

  private async controllers(): Promise<string[]> {
    return controllerList(await readOptional(this.kernel, `${this.dir}/cgroup.controllers`));
  }

  async apply(resources: LinuxResources): Promise<AppliedWrite[]> {
    validateResources(resources);
    try {
      const available = await this.controllers();
      return await executeWrites(this.kernel, planWrites(2, resources), (controller) => (available.includes(controller)
        ? { dir: this.dir }
        : { reason: `the ${controller} controller is not enabled for ${this.dir} (its cgroup.controllers: ${available.join(' ') || 'none'})` }));
    } catch (e) {
      if (this.joined || this.made.length === 0) throw e;
      const made = this.made;
      this.made = [];
      return rollBack(this.kernel, made, e);
    }
  }

  async stats(): Promise<CgroupStats> {
    const available = await this.controllers();
    // cpu.stat's usage lines come from the cgroup core, so they are there even without the cpu controller.
    const cpuStat = await readOptional(this.kernel, `${this.dir}/cpu.stat`);
    return {
      cpu: cpuStat === null ? null : parseCpuStatV2(cpuStat),
      memory: available.includes('memory') ? await this.memoryStats() : null,
      pids: available.includes('pids') ? await this.pidsStats() : null,
    };
  }

  private async memoryStats(): Promise<MemoryStats> {
    const read = (file: string): Promise<string> => readRequired(this.kernel, `${this.dir}/${file}`);
    const peak = await readOptional(this.kernel, `${this.dir}/memory.peak`);
    const events = await readOptional(this.kernel, `${this.dir}/memory.events`);
    return {
      usageBytes: parseCounter(await read('memory.current')),
      limitBytes: parseLimit(await read('memory.max')),
      maxUsageBytes: peak === null ? null : parseCounter(peak),
      oomKills: events === null ? null : parseOomKills(events),
      stat: parseMemoryStatV2(await read('memory.stat')),
    };
  }

  private async pidsStats(): Promise<PidsStats> {
    return {
      current: parseCounter(await readRequired(this.kernel, `${this.dir}/pids.current`)),
      limit: parseLimit(await readRequired(this.kernel, `${this.dir}/pids.max`)),
    };
  }

  async pids(): Promise<number[]> {
    return processesIn(this.kernel, await cgroupsBelow(this.kernel, this.dir));
  }

  async populated(): Promise<boolean> {
    // The kernel keeps "populated" for the whole subtree, so no walk of the child cgroups is needed.
    const events = await readOptional(this.kernel, `${this.dir}/cgroup.events`);
    return events !== null && parseKeyedFile(events).get('populated') === 1;
  }

  async killAll(): Promise<void> {
    const file = `${this.dir}/cgroup.kill`;
    if (await this.kernel.exists(file)) await writeCgroupFile(this.kernel, file, '1');
    else await killEach(this.kernel, await this.pids());
  }

  private async setFrozen(frozen: boolean): Promise<void> {
    const file = `${this.dir}/cgroup.freeze`;
    if (!(await this.kernel.exists(file)) && (await this.kernel.exists(this.dir))) {
      throw new DockbookError('E_UNSUPPORTED', `${file} does not exist: this kernel has no cgroup v2 freezer`, {
        hint: 'the v2 freezer came with Linux 5.2',
      });
    }
    await writeCgroupFile(this.kernel, file, frozen ? '1' : '0');
    await waitForState(this.kernel, `${this.dir}/cgroup.events`, frozen ? 'frozen 1' : 'frozen 0',
      (t) => parseKeyedFile(t).get('frozen') === (frozen ? 1 : 0));
  }

  freeze(): Promise<void> {
    return this.setFrozen(true);
  }

  thaw(): Promise<void> {
    return this.setFrozen(false);
  }

  async destroy(): Promise<void> {
    await destroyCgroup(this.kernel, this.cgroupsPath, [this.dir], this.made.filter((d) => d !== this.dir));
    this.made = [];
  }

  exists(): Promise<boolean> {
    return this.kernel.exists(this.dir);
  }
}
