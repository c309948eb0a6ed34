import { describe, expect, it } from 'vitest';
import { planWrites } from '../../../core/runtime/cgroups/plan.js';

describe('planWrites', () => {
  it('writes every v1 file in table order: period before quota, memory before memsw, cpus before mems', () => {
    const plan = planWrites(1, {
      memory: { limit: 128 << 20, swap: 256 << 20, reservation: 64 << 20 },
      cpu: { shares: 512, quota: 50_000, period: 100_000, cpus: '0', mems: '0' },
      pids: { limit: 32 },
    });
    expect(plan.map((w) => [w.file, w.value])).toEqual([
      ['cpu.shares', '512'], ['cpu.cfs_period_us', '100000'], ['cpu.cfs_quota_us', '50000'],
      ['cpuset.cpus', '0'], ['cpuset.mems', '0'],
      ['memory.limit_in_bytes', String(128 << 20)], ['memory.memsw.limit_in_bytes', String(256 << 20)],
      ['memory.soft_limit_in_bytes', String(64 << 20)], ['pids.max', '32'],
    ]);
  });

  it('writes cpu.max once on v2 and lists every flag behind it', () => {
    const plan = planWrites(2, { cpu: { quota: 20_000, period: 100_000 } });
    expect(plan).toEqual([{ file: 'cpu.max', value: '20000 100000', flags: ['--cpu-period', '--cpu-quota', '--cpus'] }]);
  });

  it('credits the v1 period and quota writes to --cpus as well, without writing them twice', () => {
    const plan = planWrites(1, { cpu: { quota: 20_000, period: 100_000 } });
    expect(plan.map((w) => [w.file, w.flags])).toEqual([
      ['cpu.cfs_period_us', ['--cpu-period', '--cpus']], ['cpu.cfs_quota_us', ['--cpu-quota', '--cpus']],
    ]);
  });

  it('merges all four throttle lists into one io.max write per device on v2', () => {
    const plan = planWrites(2, { blockIO: {
      throttleReadBpsDevice: [{ major: 254, minor: 0, rate: 1 << 20 }],
      throttleWriteBpsDevice: [{ major: 254, minor: 0, rate: 2 << 20 }],
      throttleReadIOPSDevice: [{ major: 7, minor: 0, rate: 100 }],
    } });
    expect(plan).toEqual([
      { file: 'io.max', value: `254:0 rbps=${1 << 20} wbps=${2 << 20}`, flags: ['--device-read-bps', '--device-write-bps', '--device-read-iops'] },
      { file: 'io.max', value: '7:0 riops=100', flags: ['--device-read-bps', '--device-write-bps', '--device-read-iops'] },
    ]);
  });

  it('keeps a weight and a per-device weight as separate writes to the same v2 io.weight file', () => {
    const plan = planWrites(2, { blockIO: { weight: 10, weightDevice: [{ major: 8, minor: 0, weight: 1000 }] } });
    expect(plan.map((w) => [w.file, w.value])).toEqual([['io.weight', 'default 1'], ['io.weight', '8:0 10000']]);
  });

  it('plans nothing for an empty config', () => {
    expect(planWrites(1, {})).toEqual([]);
    expect(planWrites(2, {})).toEqual([]);
  });
});
