import { readFileSync } from 'node:fs';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { parseMountInfo } from '../../../core/kernel/mountinfo.js';
import type { KernelProcess } from '../../../core/kernel/types.js';
import { chooseCgroupVersion } from '../../../core/runtime/cgroups/choose.js';
import { cgroupLayout } from '../../../core/runtime/cgroups/layout.js';
import { isRootLinux, readAll } from '../../helpers/host.js';

export const PATH_ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' };

/** The cgroup version containers get on this host, read the way the engine reads it; null off Linux. */
export function hostCgroupVersion(): 1 | 2 | null {
  if (!isRootLinux) return null;
  try {
    const layout = cgroupLayout(parseMountInfo(readFileSync('/proc/self/mountinfo', 'utf8')), () => []);
    return chooseCgroupVersion(layout).version;
  } catch {
    return null;
  }
}

/** Every test cgroup of this run starts with this, in whatever hierarchy. */
export const RUN_PREFIX = `dbktest-cg-${process.pid}-`;

export function testCgroupsPath(tag: string): string {
  return `/${RUN_PREFIX}${tag}-${Math.random().toString(36).slice(2, 6)}/c1`;
}

/**
 * A shell that waits for one line on stdin before running `script`, so it
 * can be moved into a cgroup before the part under test starts. Its stdout
 * and stderr are collected as they come, so a full pipe never blocks it.
 */
export interface HeldProcess {
  readonly proc: KernelProcess;
  release(): Promise<void>;
  readonly output: Promise<{ stdout: string; stderr: string }>;
}

export async function spawnHeld(kernel: Kernel, started: KernelProcess[], script: string): Promise<HeldProcess> {
  const proc = await kernel.spawn({ argv: ['/bin/sh', '-c', `read x; ${script}`], env: PATH_ENV, stdio: { kind: 'pipe' } });
  started.push(proc);
  const output = Promise.all([readAll(proc.stdout), readAll(proc.stderr)]).then(([stdout, stderr]) => ({ stdout, stderr }));
  return { proc, output, release: () => proc.stdin!.write('go\n') };
}

async function cgroupsBelowDeepestFirst(kernel: Kernel, dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await kernel.readdir(dir).catch(() => [])) {
    if (e.type === 'dir') out.push(...(await cgroupsBelowDeepestFirst(kernel, `${dir}/${e.name}`)));
  }
  out.push(dir);
  return out;
}

/**
 * Leaves the host as it was whatever a test did: kills the processes the
 * tests started, then, in every cgroup hierarchy, thaws, empties (killing
 * what is inside: only this run's processes can be in this run's cgroups)
 * and removes this run's cgroups bottom-up. Returns what it could not remove.
 */
export async function removeTestCgroups(kernel: Kernel, started: KernelProcess[]): Promise<string[]> {
  for (const p of started.splice(0)) {
    await kernel.kill(p.pid, 'SIGKILL').catch(() => {});
  }
  const mounts = (await kernel.mountTable()).filter((m) => m.fstype === 'cgroup' || m.fstype === 'cgroup2');
  const dirs: string[] = [];
  for (const m of mounts) {
    for (const e of await kernel.readdir(m.mountPoint).catch(() => [])) {
      if (e.type === 'dir' && e.name.startsWith(RUN_PREFIX)) dirs.push(...(await cgroupsBelowDeepestFirst(kernel, `${m.mountPoint}/${e.name}`)));
    }
  }
  for (const d of dirs) {
    await kernel.writeFile(`${d}/freezer.state`, 'THAWED').catch(() => {});
    await kernel.writeFile(`${d}/cgroup.freeze`, '0').catch(() => {});
  }
  const left: string[] = [];
  for (const d of dirs) {
    for (let i = 0; i < 200; i++) {
      const pids = (await kernel.readText(`${d}/cgroup.procs`).catch(() => '')).split('\n').filter(Boolean);
      if (pids.length === 0) break;
      for (const pid of pids) await kernel.kill(Number(pid), 'SIGKILL').catch(() => {});
      await kernel.sleep(10);
    }
    let removed = false;
    for (let i = 0; i < 50 && !removed; i++) {
      removed = await kernel.rmdir(d).then(() => true, async () => { await kernel.sleep(20); return false; });
    }
    if (!removed) left.push(d);
  }
  return left;
}
