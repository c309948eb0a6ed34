import { afterEach, describe, expect, it } from 'vitest';
import { V2CgroupManager } from '../../../core/runtime/cgroups/v2-manager.js';
import { ScratchCgroupfs } from './scratch-cgroupfs.js';

describe('V2CgroupManager on a scratch cgroup2 tree', () => {
  let fs: ScratchCgroupfs;
  afterEach(() => fs.cleanup());

  const setup = (opts: { controllers?: string[]; missingFiles?: string[] } = {}) => {
    fs = new ScratchCgroupfs({ version: 2, v2Controllers: opts.controllers ?? ['cpuset', 'cpu', 'io', 'memory', 'pids'], missingFiles: opts.missingFiles });
    return new V2CgroupManager(fs.kernel(), '/dockbook/c1', fs.root());
  };

  it('hands the controllers down every level and makes one directory per level', async () => {
    const cg = setup();
    await cg.create();
    expect(fs.writes).toEqual([
      ['unified/cgroup.subtree_control', '+cpu +cpuset +memory +io +pids'],
      ['unified/dockbook/cgroup.subtree_control', '+cpu +cpuset +memory +io +pids'],
    ]);
    expect(fs.dirs()).toEqual(['unified', 'unified/dockbook', 'unified/dockbook/c1']);
    expect(fs.read(`${fs.root()}/dockbook/c1/cgroup.controllers`).trim()).toBe('cpu cpuset memory io pids');
    expect(cg.paths()).toEqual({ unified: `${fs.root()}/dockbook/c1` });
    expect(await cg.exists()).toBe(true);
  });

  it('writes each limit to its v2 file with the v2 value, in table order', async () => {
    const cg = setup();
    await cg.create();
    fs.writes.length = 0;
    const applied = await cg.apply({
      cpu: { shares: 1024, quota: 20_000, period: 100_000, cpus: '0-1', mems: '0' },
      memory: { limit: 64 << 20, swap: 96 << 20, reservation: 32 << 20 },
      pids: { limit: 16 },
      blockIO: { weight: 500, throttleReadBpsDevice: [{ major: 8, minor: 0, rate: 1 << 20 }], throttleWriteIOPSDevice: [{ major: 8, minor: 0, rate: 100 }] },
    });
    const dir = 'unified/dockbook/c1';
    expect(fs.writes).toEqual([
      [`${dir}/cpu.weight`, '39'], [`${dir}/cpu.max`, '20000 100000'], [`${dir}/cpuset.cpus`, '0-1'], [`${dir}/cpuset.mems`, '0'],
      [`${dir}/memory.max`, String(64 << 20)], [`${dir}/memory.swap.max`, String(32 << 20)], [`${dir}/memory.low`, String(32 << 20)],
      [`${dir}/pids.max`, '16'], [`${dir}/io.weight`, 'default 4950'], [`${dir}/io.max`, `8:0 rbps=${1 << 20} wiops=100`],
    ]);
    expect(applied.every((a) => a.applied)).toBe(true);
    expect(applied.map((a) => a.file)).toEqual(fs.writes.map(([p]) => `${fs.base}/${p}`));
    expect(fs.read(`${fs.root()}/dockbook/c1/cpu.max`)).toBe('20000 100000\n');
  });

  it('reports devices as not applied, because v2 needs an eBPF program, and writes nothing for them', async () => {
    const cg = setup();
    await cg.create();
    fs.writes.length = 0;
    const applied = await cg.apply({ devices: [{ allow: false, access: 'rwm' }, { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' }] });
    expect(applied).toEqual([expect.objectContaining({ applied: false, file: 'BPF_PROG_TYPE_CGROUP_DEVICE', reason: expect.stringMatching(/eBPF/) })]);
    expect(fs.writes).toEqual([]);
  });

  it('reports limits for controllers the tree does not offer, and swap when swap is not accounted, as not applied', async () => {
    const cg = setup({ controllers: ['memory'], missingFiles: ['memory.swap.max'] });
    await cg.create();
    const applied = await cg.apply({ memory: { limit: 64 << 20, swap: 128 << 20 }, pids: { limit: 10 } });
    expect(applied.map((a) => [a.file.replace(fs.base, ''), a.applied])).toEqual([
      ['/unified/dockbook/c1/memory.max', true], ['/unified/dockbook/c1/memory.swap.max', false], ['pids.max', false],
    ]);
    expect(applied[1]!.reason).toMatch(/does not account swap/);
    expect(applied[2]!.reason).toMatch(/pids controller is not enabled .*cgroup\.controllers: memory/);
  });

  it('falls back to io.bfq.weight with the unconverted weight when io.weight is missing', async () => {
    const cg = setup({ missingFiles: ['io.weight'] });
    await cg.create();
    const applied = await cg.apply({ blockIO: { weight: 300 } });
    expect(applied).toEqual([expect.objectContaining({ file: `${fs.root()}/dockbook/c1/io.bfq.weight`, value: 'default 300', applied: true })]);
  });

  it('removes the directories it made when its first apply is refused, and names the file', async () => {
    const cg = setup();
    await cg.create();
    fs.failWrites.set('memory.max', 'EINVAL');
    await expect(cg.apply({ pids: { limit: 5 }, memory: { limit: 1 << 20 } }))
      .rejects.toMatchObject({ code: 'E_CGROUP', message: `write(${fs.root()}/dockbook/c1/memory.max): EINVAL` });
    expect(fs.dirs()).toEqual(['unified']);
  });

  it('keeps the cgroup when a later apply fails once a process has joined', async () => {
    const cg = setup();
    await cg.create();
    await cg.addProcess(4242);
    fs.failWrites.set('pids.max', 'EINVAL');
    await expect(cg.apply({ pids: { limit: 5 } })).rejects.toMatchObject({ code: 'E_CGROUP' });
    expect(fs.dirs()).toEqual(['unified', 'unified/dockbook', 'unified/dockbook/c1']);
  });

  it('refuses a bad config before writing anything', async () => {
    const cg = setup();
    await cg.create();
    fs.writes.length = 0;
    await expect(cg.apply({ memory: { limit: 64 << 20, swap: 1 << 20 } })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    expect(fs.writes).toEqual([]);
  });

  it('undoes a create that fails half way', async () => {
    const cg = setup();
    fs.mkdirFails = (p) => (p.endsWith('/c1') ? 'ENOSPC' : undefined);
    await expect(cg.create()).rejects.toMatchObject({ code: 'E_CGROUP', message: `mkdir(${fs.root()}/dockbook/c1): ENOSPC` });
    expect(fs.dirs()).toEqual(['unified']);
  });

  it('moves a process in, lists it, freezes and thaws through cgroup.freeze', async () => {
    const cg = setup();
    await cg.create();
    await cg.addProcess(4242);
    expect(fs.read(`${fs.root()}/dockbook/c1/cgroup.procs`)).toBe('4242\n');
    expect(await cg.pids()).toEqual([4242]);
    await cg.freeze();
    expect(fs.read(`${fs.root()}/dockbook/c1/cgroup.events`)).toMatch(/frozen 1/);
    await cg.thaw();
    expect(fs.read(`${fs.root()}/dockbook/c1/cgroup.events`)).toMatch(/frozen 0/);
  });

  it('says populated from cgroup.events, and not populated once the cgroup is gone', async () => {
    const cg = setup();
    await cg.create();
    expect(await cg.populated()).toBe(false);
    await cg.addProcess(4242);
    expect(await cg.populated()).toBe(true);
    fs.writes.length = 0;
    await cg.killAll();
    expect(await cg.populated()).toBe(false);
    await cg.destroy();
    expect(await cg.populated()).toBe(false);
  });

  it('kills the whole group with one write to cgroup.kill, and signals no pid itself', async () => {
    const cg = setup();
    await cg.create();
    await cg.addProcess(4242);
    fs.writes.length = 0;
    await cg.killAll();
    expect(fs.writes).toEqual([['unified/dockbook/c1/cgroup.kill', '1']]);
    expect(fs.kills).toEqual([]);
    expect(await cg.pids()).toEqual([]);
  });

  it('falls back to SIGKILL pid by pid on a kernel without cgroup.kill (before 5.14)', async () => {
    const cg = setup({ missingFiles: ['cgroup.kill'] });
    await cg.create();
    await cg.addProcess(4242);
    await cg.addProcess(4343);
    fs.writes.length = 0;
    await cg.killAll();
    expect(fs.writes).toEqual([]);
    expect(fs.kills).toEqual([[4242, 'SIGKILL'], [4343, 'SIGKILL']]);
  });

  it('reads stats from cpu.stat, memory.* and pids.*', async () => {
    const cg = setup();
    await cg.create();
    const d = `${fs.root()}/dockbook/c1`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${d}/cpu.stat`, 'usage_usec 5000\nuser_usec 3000\nsystem_usec 2000\nnr_periods 9\nnr_throttled 4\nthrottled_usec 777\n');
    writeFileSync(`${d}/memory.current`, '1048576\n');
    writeFileSync(`${d}/memory.max`, '16777216\n');
    writeFileSync(`${d}/memory.peak`, '2097152\n');
    writeFileSync(`${d}/memory.events`, 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n');
    writeFileSync(`${d}/pids.current`, '3\n');
    expect(await cg.stats()).toEqual({
      cpu: { usageUsec: 5000, userUsec: 3000, systemUsec: 2000, nrPeriods: 9, nrThrottled: 4, throttledUsec: 777 },
      memory: { usageBytes: 1048576, limitBytes: 16777216, maxUsageBytes: 2097152, oomKills: 1, stat: { anon: 0, file: 0, inactiveFile: 0 } },
      pids: { current: 3, limit: null },
    });
  });

  it('refuses to destroy while a process is inside, removing nothing, then removes every level it made', async () => {
    const cg = setup();
    await cg.create();
    await cg.addProcess(4242);
    await expect(cg.destroy()).rejects.toMatchObject({ code: 'E_CGROUP', message: expect.stringMatching(/process 4242 still in it; nothing was removed/) });
    expect(fs.dirs()).toEqual(['unified', 'unified/dockbook', 'unified/dockbook/c1']);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${fs.root()}/dockbook/c1/cgroup.procs`, '');
    await cg.destroy();
    expect(fs.dirs()).toEqual(['unified']);
    expect(await cg.exists()).toBe(false);
  });

  it('removes child cgroups bottom-up and leaves a parent that another container still uses', async () => {
    fs = new ScratchCgroupfs({ version: 2, v2Controllers: ['pids'] });
    const k = fs.kernel();
    const a = new V2CgroupManager(k, '/dockbook/a', fs.root());
    const b = new V2CgroupManager(k, '/dockbook/b', fs.root());
    await a.create();
    await b.create();
    await k.mkdir(`${fs.root()}/dockbook/a/nested`);
    await a.destroy();
    expect(fs.dirs()).toEqual(['unified', 'unified/dockbook', 'unified/dockbook/b']);
    await b.destroy();
    expect(fs.dirs()).toEqual(['unified', 'unified/dockbook']);
  });
});
