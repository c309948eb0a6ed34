import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { parseMountInfo } from '../../../core/kernel/mountinfo.js';
import type { KernelProcess } from '../../../core/kernel/types.js';
import { waitCgroupEmpty } from '../../../core/runtime/cgroup-parents.js';
import { writeCgroupFile } from '../../../core/runtime/cgroups/apply-writes.js';
import { V2CgroupManager } from '../../../core/runtime/cgroups/v2-manager.js';
import { describeRoot, isRootLinux } from '../../helpers/host.js';
import { PATH_ENV, RUN_PREFIX, removeTestCgroups, spawnHeld, testCgroupsPath } from './host-cgroups.js';

/** The cgroup2 mount: the whole tree on a v2 host, the controller-less /sys/fs/cgroup/unified on a hybrid one. */
const CGROUP2 = isRootLinux
  ? parseMountInfo(readFileSync('/proc/self/mountinfo', 'utf8')).find((m) => m.fstype === 'cgroup2')?.mountPoint ?? null
  : null;

describeRoot('V2CgroupManager on this host\'s cgroup2 tree (real kernel)', () => {
  let kernel: Kernel;
  const started: KernelProcess[] = [];

  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });
  afterEach(async () => {
    expect(await removeTestCgroups(kernel, started)).toEqual([]);
  });
  afterAll(async () => {
    await removeTestCgroups(kernel, started);
    if (CGROUP2) expect((await kernel.readdir(CGROUP2)).filter((e) => e.name.startsWith(RUN_PREFIX))).toEqual([]);
  });

  it.runIf(CGROUP2)('applies only what the tree offers, and says why the rest was not applied', async () => {
    const cg = new V2CgroupManager(kernel, testCgroupsPath('v2apply'), CGROUP2!);
    await cg.create();
    const dir = cg.paths().unified!;
    const offered = (await kernel.readText(`${dir}/cgroup.controllers`)).split(/\s+/).filter(Boolean);
    const applied = await cg.apply({ pids: { limit: 7 }, devices: [{ allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' }] });
    const pids = applied.find((a) => a.flags.includes('--pids-limit'))!;
    if (offered.includes('pids')) {
      expect(pids.applied).toBe(true);
      expect((await kernel.readText(`${dir}/pids.max`)).trim()).toBe('7');
    } else {
      expect(pids).toMatchObject({ applied: false, reason: expect.stringMatching(/pids controller is not enabled/) });
      // Writing it anyway shows why it is skipped: cgroupfs answers a write to a file it lacks with EACCES.
      const err = await writeCgroupFile(kernel, `${dir}/pids.max`, '7').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'E_CGROUP', message: `write(${dir}/pids.max): EACCES`, hint: expect.stringMatching(/pids\.max does not exist here/) });
    }
    expect(applied.find((a) => a.flags.some((f) => f.startsWith('--device,')))).toMatchObject({ applied: false, reason: expect.stringMatching(/eBPF/) });
    await cg.destroy();
    expect(await cg.exists()).toBe(false);
  });

  it.runIf(CGROUP2)('moves a process in, freezes it so it uses no CPU, thaws it, and is destroyed only once it is gone', async () => {
    const cg = new V2CgroupManager(kernel, testCgroupsPath('v2freeze'), CGROUP2!);
    await cg.create();
    const loop = await spawnHeld(kernel, started, 'while :; do :; done');
    await cg.addProcess(loop.proc.pid);
    expect(await cg.pids()).toEqual([loop.proc.pid]);
    expect(await kernel.readText(`/proc/${loop.proc.pid}/cgroup`)).toMatch(new RegExp(`^0::${cg.cgroupsPath}$`, 'm'));
    await loop.release();
    await kernel.sleep(100);

    await cg.freeze();
    expect(await kernel.readText(`${cg.paths().unified}/cgroup.events`)).toMatch(/^frozen 1$/m);
    const frozenAt = (await cg.stats()).cpu!.usageUsec!;
    await kernel.sleep(200);
    expect((await cg.stats()).cpu!.usageUsec).toBe(frozenAt);
    await cg.thaw();
    await kernel.sleep(200);
    expect((await cg.stats()).cpu!.usageUsec!).toBeGreaterThan(frozenAt + 50_000);

    await expect(cg.destroy()).rejects.toMatchObject({ code: 'E_CGROUP', message: expect.stringContaining('still in it') });
    expect(await cg.exists()).toBe(true);
    await kernel.kill(loop.proc.pid, 'SIGKILL');
    await loop.proc.exited;
    await cg.destroy();
    expect(await cg.exists()).toBe(false);
    expect(await kernel.exists(`${CGROUP2}${cg.cgroupsPath.slice(0, cg.cgroupsPath.lastIndexOf('/'))}`)).toBe(false);
  });

  it.runIf(CGROUP2)('says populated through cgroup.events while a process is inside or below, and not once it has exited', async () => {
    const cg = new V2CgroupManager(kernel, testCgroupsPath('v2pop'), CGROUP2!);
    await cg.create();
    const events = `${cg.paths().unified}/cgroup.events`;
    expect(await cg.populated()).toBe(false);
    expect(await kernel.readText(events)).toMatch(/^populated 0$/m);
    // A process in a child cgroup counts too: the kernel keeps "populated" for the whole subtree.
    const child = `${cg.paths().unified}/nested`;
    await kernel.mkdir(child);
    const sleeper = await kernel.spawn({ argv: ['/bin/sleep', '30'], env: PATH_ENV });
    started.push(sleeper);
    await writeCgroupFile(kernel, `${child}/cgroup.procs`, String(sleeper.pid));
    expect(await kernel.readText(events)).toMatch(/^populated 1$/m);
    expect(await cg.populated()).toBe(true);
    await kernel.kill(sleeper.pid, 'SIGKILL');
    await sleeper.exited;
    await waitCgroupEmpty(kernel, cg);
    expect(await cg.populated()).toBe(false);
    await cg.destroy();
    expect(await cg.exists()).toBe(false);
    expect(await cg.populated()).toBe(false);
  });

  it.runIf(CGROUP2)('kills every process of the subtree with one write to cgroup.kill, then leaves nothing behind', async () => {
    const cg = new V2CgroupManager(kernel, testCgroupsPath('v2kill'), CGROUP2!);
    await cg.create();
    const dir = cg.paths().unified!;
    expect(await kernel.exists(`${dir}/cgroup.kill`)).toBe(true);
    await kernel.mkdir(`${dir}/nested`);
    // A shell that ignores SIGTERM and keeps forking: only SIGKILL to the whole group stops it.
    const forker = await spawnHeld(kernel, started, 'trap "" TERM; while :; do sleep 30 & sleep 0.05; done');
    const other = await kernel.spawn({ argv: ['/bin/sleep', '30'], env: PATH_ENV });
    started.push(other);
    await cg.addProcess(forker.proc.pid);
    await writeCgroupFile(kernel, `${dir}/nested/cgroup.procs`, String(other.pid));
    await forker.release();
    await kernel.sleep(300);
    expect((await cg.pids()).length).toBeGreaterThan(2);

    await cg.killAll();
    const [a, b] = await Promise.all([forker.proc.exited, other.exited]);
    expect(a.signal).toBe('SIGKILL');
    expect(b.signal).toBe('SIGKILL');
    await waitCgroupEmpty(kernel, cg);
    expect(await cg.pids()).toEqual([]);
    await cg.destroy();
    expect(await cg.exists()).toBe(false);
    expect(await kernel.exists(`${CGROUP2}${cg.cgroupsPath.slice(0, cg.cgroupsPath.lastIndexOf('/'))}`)).toBe(false);
  });

  it.runIf(CGROUP2)('fails a write to a controller file the tree lacks with E_CGROUP naming that file, and the cgroup stays usable', async () => {
    const cg = new V2CgroupManager(kernel, testCgroupsPath('v2ctl'), CGROUP2!);
    await cg.create();
    const dir = cg.paths().unified!;
    const offered = (await kernel.readText(`${dir}/cgroup.controllers`)).split(/\s+/).filter(Boolean);
    for (const [controller, file, value] of [['memory', 'memory.max', '16777216'], ['cpu', 'cpu.max', '20000 100000'], ['io', 'io.max', '8:0 rbps=1048576']] as const) {
      if (offered.includes(controller)) continue;
      const err = await writeCgroupFile(kernel, `${dir}/${file}`, value).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'E_CGROUP', message: `write(${dir}/${file}): EACCES`, hint: expect.stringContaining(`${file} does not exist here`) });
    }
    const sleeper = await kernel.spawn({ argv: ['/bin/sleep', '30'], env: PATH_ENV });
    started.push(sleeper);
    await cg.addProcess(sleeper.pid);
    expect(await cg.pids()).toEqual([sleeper.pid]);
    await cg.killAll();
    await sleeper.exited;
    await waitCgroupEmpty(kernel, cg);
    await cg.destroy();
    expect(await cg.exists()).toBe(false);
  });

  it.runIf(CGROUP2)('sees a process that was started elsewhere leave the cgroup when it exits', async () => {
    const cg = new V2CgroupManager(kernel, testCgroupsPath('v2exit'), CGROUP2!);
    await cg.create();
    const short = await kernel.spawn({ argv: ['/bin/sleep', '0.2'], env: PATH_ENV });
    started.push(short);
    await cg.addProcess(short.pid);
    expect(await cg.pids()).toEqual([short.pid]);
    await short.exited;
    expect(await cg.pids()).toEqual([]);
    await cg.destroy();
  });
});
