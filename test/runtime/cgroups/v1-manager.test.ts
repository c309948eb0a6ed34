import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cgroupLayout } from '../../../core/runtime/cgroups/layout.js';
import { V1CgroupManager } from '../../../core/runtime/cgroups/v1-manager.js';
import { ScratchCgroupfs } from './scratch-cgroupfs.js';

const SEPARATE = [['cpu'], ['cpuacct'], ['cpuset'], ['memory'], ['devices'], ['freezer'], ['blkio'], ['pids']];

describe('V1CgroupManager on scratch v1 hierarchies', () => {
  let fs: ScratchCgroupfs;
  afterEach(() => fs.cleanup());

  const setup = async (opts: { hierarchies?: string[][]; missingFiles?: string[] } = {}) => {
    fs = new ScratchCgroupfs({ version: 1, v1Hierarchies: opts.hierarchies ?? SEPARATE, missingFiles: opts.missingFiles });
    const kernel = fs.kernel();
    const layout = cgroupLayout(await kernel.mountTable(), () => []);
    return new V1CgroupManager(kernel, '/dockbook/c1', layout.hierarchies);
  };
  const rel = (p: string): string => p.slice(fs.base.length + 1);

  it('makes the cgroup in every hierarchy once, co-mounted cpu and cpuacct sharing a directory', async () => {
    const cg = await setup({ hierarchies: [['cpu', 'cpuacct'], ['memory'], ['pids']] });
    await cg.create();
    expect(fs.dirs()).toEqual([
      'cpu,cpuacct', 'cpu,cpuacct/dockbook', 'cpu,cpuacct/dockbook/c1',
      'memory', 'memory/dockbook', 'memory/dockbook/c1', 'pids', 'pids/dockbook', 'pids/dockbook/c1',
    ]);
    expect(Object.fromEntries(Object.entries(cg.paths()).map(([c, d]) => [c, rel(d)]))).toEqual({
      cpu: 'cpu,cpuacct/dockbook/c1', cpuacct: 'cpu,cpuacct/dockbook/c1', memory: 'memory/dockbook/c1', pids: 'pids/dockbook/c1',
    });
  });

  it('copies cpuset.cpus and cpuset.mems down from the parent at each level, so the cpuset takes tasks', async () => {
    const cg = await setup();
    await cg.create();
    expect(fs.writes).toEqual([
      ['cpuset/dockbook/cpuset.cpus', '0-3'], ['cpuset/dockbook/cpuset.mems', '0'],
      ['cpuset/dockbook/c1/cpuset.cpus', '0-3'], ['cpuset/dockbook/c1/cpuset.mems', '0'],
    ]);
    await cg.addProcess(777);
    expect(fs.read(`${fs.root('cpuset')}/dockbook/c1/cgroup.procs`)).toBe('777\n');
  });

  it('adds a process to the cgroup in every hierarchy', async () => {
    const cg = await setup();
    await cg.create();
    fs.writes.length = 0;
    await cg.addProcess(777);
    expect(fs.writes.map(([p, v]) => `${p}=${v}`)).toEqual(SEPARATE.map(([c]) => `${c}/dockbook/c1/cgroup.procs=777`));
    expect(await cg.pids()).toEqual([777]);
  });

  it('has no cgroup.kill, so killAll signals each process once though it sits in every hierarchy, and populated follows the pids', async () => {
    const cg = await setup();
    await cg.create();
    expect(await cg.populated()).toBe(false);
    await cg.addProcess(777);
    await cg.addProcess(778);
    expect(await cg.populated()).toBe(true);
    fs.writes.length = 0;
    await cg.killAll();
    expect(fs.kills).toEqual([[777, 'SIGKILL'], [778, 'SIGKILL']]);
    expect(fs.writes).toEqual([]);
  });

  it('writes each limit to its controller\'s v1 file, memory before memsw and devices.deny "a" before the allows', async () => {
    const cg = await setup({ missingFiles: ['blkio.weight'] });
    await cg.create();
    fs.writes.length = 0;
    const applied = await cg.apply({
      cpu: { shares: 512, quota: 20_000, period: 100_000, cpus: '1', mems: '0' },
      memory: { limit: 16 << 20, swap: 32 << 20, reservation: 8 << 20, swappiness: 0 },
      pids: { limit: 4 },
      blockIO: { weight: 300, throttleReadBpsDevice: [{ major: 254, minor: 0, rate: 1 << 20 }] },
      devices: [{ allow: false, access: 'rwm' }, { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' }, { allow: true, type: 'c', major: 136, access: 'rwm' }],
    });
    expect(fs.writes).toEqual([
      ['cpu/dockbook/c1/cpu.shares', '512'], ['cpu/dockbook/c1/cpu.cfs_period_us', '100000'], ['cpu/dockbook/c1/cpu.cfs_quota_us', '20000'],
      ['cpuset/dockbook/c1/cpuset.cpus', '1'], ['cpuset/dockbook/c1/cpuset.mems', '0'],
      ['memory/dockbook/c1/memory.limit_in_bytes', String(16 << 20)], ['memory/dockbook/c1/memory.memsw.limit_in_bytes', String(32 << 20)],
      ['memory/dockbook/c1/memory.soft_limit_in_bytes', String(8 << 20)], ['memory/dockbook/c1/memory.swappiness', '0'],
      ['pids/dockbook/c1/pids.max', '4'],
      ['blkio/dockbook/c1/blkio.bfq.weight', '300'], ['blkio/dockbook/c1/blkio.throttle.read_bps_device', `254:0 ${1 << 20}`],
      ['devices/dockbook/c1/devices.deny', 'a'], ['devices/dockbook/c1/devices.allow', 'c 1:3 rwm'], ['devices/dockbook/c1/devices.allow', 'c 136:* rwm'],
    ]);
    expect(applied.map((a) => [rel(a.file), a.value, a.applied])).toEqual(fs.writes.map(([p, v]) => [p, v, true]));
    expect(applied.find((a) => a.file.endsWith('blkio.bfq.weight'))!.flags).toEqual(['--blkio-weight']);
  });

  it('applies the memory limit but reports swap as not applied when memsw does not exist (swap accounting off)', async () => {
    const cg = await setup({ missingFiles: ['memory.memsw.limit_in_bytes'] });
    await cg.create();
    const applied = await cg.apply({ memory: { limit: 16 << 20, swap: 32 << 20 } });
    expect(applied.map((a) => [rel(a.file), a.applied])).toEqual([
      ['memory/dockbook/c1/memory.limit_in_bytes', true], ['memory/dockbook/c1/memory.memsw.limit_in_bytes', false],
    ]);
    expect(applied[1]!.reason).toMatch(/swapaccount=1/);
  });

  it('writes memsw first when raising the memory limit above the current memsw limit', async () => {
    const cg = await setup({ hierarchies: [['memory']] });
    await cg.create();
    writeFileSync(`${fs.root('memory')}/dockbook/c1/memory.memsw.limit_in_bytes`, `${32 << 20}\n`);
    fs.writes.length = 0;
    await cg.apply({ memory: { limit: 64 << 20, swap: 128 << 20 } });
    expect(fs.writes.map(([p]) => p)).toEqual(['memory/dockbook/c1/memory.memsw.limit_in_bytes', 'memory/dockbook/c1/memory.limit_in_bytes']);
  });

  it('reports a limit whose controller no hierarchy carries as not applied', async () => {
    const cg = await setup({ hierarchies: [['memory']] });
    await cg.create();
    const applied = await cg.apply({ pids: { limit: 4 } });
    expect(applied).toEqual([expect.objectContaining({ file: 'pids.max', applied: false, reason: expect.stringMatching(/pids controller mounted/) })]);
  });

  it('names the file and errno when the kernel refuses a value, and removes the fresh cgroup from every hierarchy', async () => {
    const cg = await setup();
    await cg.create();
    fs.failWrites.set('cpuset.cpus', 'EINVAL');
    const err = await cg.apply({ cpu: { cpus: '0-99' } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_CGROUP', message: `write(${fs.root('cpuset')}/dockbook/c1/cpuset.cpus): EINVAL` });
    expect((err as { hint: string }).hint).toMatch(/"0-99" must be a subset of the parent's cpuset\.cpus/);
    expect(fs.dirs()).toEqual(SEPARATE.map(([c]) => c!).sort());
  });

  it('undoes a create that fails in one hierarchy, leaving no directory in the others', async () => {
    const cg = await setup();
    fs.mkdirFails = (p) => (p === `${fs.root('pids')}/dockbook/c1` ? 'ENOMEM' : undefined);
    await expect(cg.create()).rejects.toMatchObject({ code: 'E_CGROUP', message: `mkdir(${fs.root('pids')}/dockbook/c1): ENOMEM` });
    expect(fs.dirs()).toEqual(SEPARATE.map(([c]) => c!).sort());
  });

  it('leaves an existing parent alone when undoing a create', async () => {
    const cg = await setup({ hierarchies: [['memory'], ['pids']] });
    await fs.kernel().mkdir(`${fs.root('memory')}/dockbook`);
    fs.mkdirFails = (p) => (p.startsWith(fs.root('pids')) ? 'ENOSPC' : undefined);
    await expect(cg.create()).rejects.toMatchObject({ code: 'E_CGROUP' });
    expect(fs.dirs()).toEqual(['memory', 'memory/dockbook', 'pids']);
  });

  it('waits through FREEZING until freezer.state says FROZEN, and thaws', async () => {
    const cg = await setup();
    await cg.create();
    await cg.freeze();
    expect(fs.read(`${fs.root('freezer')}/dockbook/c1/freezer.state`)).toBe('FROZEN\n');
    await cg.thaw();
    expect(fs.read(`${fs.root('freezer')}/dockbook/c1/freezer.state`)).toBe('THAWED\n');
  });

  it('reads usage from cpuacct, throttling from cpu.stat, memory with OOM kills, and pids', async () => {
    const cg = await setup();
    await cg.create();
    const at = (c: string, f: string, text: string): void => writeFileSync(`${fs.root(c)}/dockbook/c1/${f}`, text);
    at('cpuacct', 'cpuacct.usage', '3000000\n');
    at('cpuacct', 'cpuacct.usage_user', '2000000\n');
    at('cpuacct', 'cpuacct.usage_sys', '1000000\n');
    at('cpu', 'cpu.stat', 'nr_periods 6\nnr_throttled 5\nthrottled_time 400000000\n');
    at('memory', 'memory.usage_in_bytes', '4096\n');
    at('memory', 'memory.limit_in_bytes', '16777216\n');
    at('memory', 'memory.max_usage_in_bytes', '16777216\n');
    at('memory', 'memory.oom_control', 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n');
    at('pids', 'pids.current', '2\n');
    at('pids', 'pids.max', '4\n');
    expect(await cg.stats()).toEqual({
      cpu: { usageUsec: 3000, userUsec: 2000, systemUsec: 1000, nrPeriods: 6, nrThrottled: 5, throttledUsec: 400000 },
      memory: { usageBytes: 4096, limitBytes: 16777216, maxUsageBytes: 16777216, oomKills: 1, stat: { anon: 0, file: 0, inactiveFile: 0 } },
      pids: { current: 2, limit: 4 },
    });
  });

  it('refuses to destroy while a process sits in even one hierarchy, removing nothing', async () => {
    const cg = await setup();
    await cg.create();
    fs.addPid(`${fs.root('freezer')}/dockbook/c1`, 999);
    await expect(cg.destroy()).rejects.toMatchObject({ code: 'E_CGROUP', message: expect.stringMatching(/process 999 still in it/) });
    expect(fs.dirs()).toHaveLength(SEPARATE.length * 3);
    writeFileSync(`${fs.root('freezer')}/dockbook/c1/cgroup.procs`, '');
    await cg.destroy();
    expect(fs.dirs()).toEqual(SEPARATE.map(([c]) => c!).sort());
    expect(await cg.exists()).toBe(false);
  });
});
