import { describe, expect, it } from 'vitest';
import { FLAG_TABLE, flagTableFor } from '../../../core/runtime/cgroups/flag-table.js';
import type { LinuxResources } from '../../../core/runtime/cgroups/resources.js';

const row = (flag: string) => {
  const r = FLAG_TABLE.find((m) => m.flag === flag);
  if (!r) throw new Error(`no row ${flag}`);
  return r;
};

describe('the Docker flag → OCI → cgroup table', () => {
  it('has one row per supported docker flag, each naming its OCI field and its v1 and v2 files', () => {
    expect(FLAG_TABLE.map((m) => m.flag)).toEqual([
      '--cpu-shares', '--cpu-period', '--cpu-quota', '--cpus', '--cpuset-cpus', '--cpuset-mems',
      '--memory', '--memory-swap', '--memory-reservation', '--memory-swappiness', '--oom-kill-disable', '--pids-limit',
      '--blkio-weight', '--blkio-weight-device', '--device-read-bps', '--device-write-bps',
      '--device-read-iops', '--device-write-iops', '--device, --device-cgroup-rule',
    ]);
    expect(row('--memory')).toMatchObject({ oci: 'memory.limit', v1: { files: ['memory.limit_in_bytes'] }, v2: { files: ['memory.max'] } });
    expect(row('--memory-reservation')).toMatchObject({ v1: { files: ['memory.soft_limit_in_bytes'] }, v2: { files: ['memory.low'] } });
    expect(row('--device-write-iops')).toMatchObject({ v1: { files: ['blkio.throttle.write_iops_device'] }, v2: { files: ['io.max'] } });
    for (const m of FLAG_TABLE) {
      expect(m.v1.conversion.length).toBeGreaterThan(3);
      expect(m.v2.conversion.length).toBeGreaterThan(3);
    }
  });

  it('converts --cpu-shares to v2 weight and keeps it as is on v1', () => {
    const r: LinuxResources = { cpu: { shares: 512 } };
    expect(row('--cpu-shares').toV1(r)).toEqual([{ file: 'cpu.shares', value: '512' }]);
    expect(row('--cpu-shares').toV2(r)).toEqual([{ file: 'cpu.weight', value: '20' }]);
    expect(row('--cpu-shares').toV2({ cpu: { shares: 0 } })).toEqual([]);
  });

  it('writes quota and period as two v1 files and one v2 cpu.max line', () => {
    const r: LinuxResources = { cpu: { quota: 20_000, period: 100_000 } };
    expect(row('--cpu-quota').toV1(r)).toEqual([{ file: 'cpu.cfs_quota_us', value: '20000' }]);
    expect(row('--cpu-period').toV1(r)).toEqual([{ file: 'cpu.cfs_period_us', value: '100000' }]);
    expect(row('--cpu-quota').toV2(r)).toEqual([{ file: 'cpu.max', value: '20000 100000' }]);
    expect(row('--cpus').ociValue(r)).toBe('0.2');
  });

  it('turns the OCI memory+swap total into swap alone on v2, and skips a missing memsw with a reason on v1', () => {
    const r: LinuxResources = { memory: { limit: 64 << 20, swap: 96 << 20 } };
    expect(row('--memory-swap').toV2(r)).toEqual([expect.objectContaining({ file: 'memory.swap.max', value: String(32 << 20) })]);
    expect(row('--memory-swap').toV1(r)).toEqual([expect.objectContaining({ file: 'memory.memsw.limit_in_bytes', value: String(96 << 20), ifMissing: expect.stringMatching(/swap/) })]);
  });

  it('turns the OOM killer off through v1 memory.oom_control only when asked, and calls it impossible on v2', () => {
    expect(row('--oom-kill-disable').toV1({ memory: { disableOOMKiller: true } })).toEqual([{ file: 'memory.oom_control', value: '1' }]);
    expect(row('--oom-kill-disable').toV1({ memory: { disableOOMKiller: false } })).toEqual([]);
    expect(row('--oom-kill-disable').toV2({ memory: { disableOOMKiller: true } })).toEqual([
      expect.objectContaining({ file: 'memory.oom_control', impossible: expect.stringMatching(/cgroup v2 has no oom_kill_disable/) }),
    ]);
  });

  it('converts --blkio-weight to "default N" for io.weight and falls back to the BFQ files', () => {
    const r: LinuxResources = { blockIO: { weight: 500, weightDevice: [{ major: 8, minor: 0, weight: 200 }] } };
    expect(row('--blkio-weight').toV1(r)).toEqual([expect.objectContaining({ file: 'blkio.weight', value: '500', fallback: { file: 'blkio.bfq.weight', value: '500' } })]);
    expect(row('--blkio-weight').toV2(r)).toEqual([expect.objectContaining({ file: 'io.weight', value: 'default 4950', fallback: { file: 'io.bfq.weight', value: 'default 500' } })]);
    expect(row('--blkio-weight-device').toV2(r)).toEqual([expect.objectContaining({ file: 'io.weight', value: `8:0 ${1 + Math.floor((190 * 9999) / 990)}` })]);
  });

  it('denies every device before the allow rules on v1, and marks devices impossible on v2', () => {
    const r: LinuxResources = { devices: [{ allow: false, access: 'rwm' }, { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' }] };
    expect(row('--device, --device-cgroup-rule').toV1(r)).toEqual([
      { file: 'devices.deny', value: 'a' }, { file: 'devices.deny', value: 'a' }, { file: 'devices.allow', value: 'c 1:3 rwm' },
    ]);
    const v2 = row('--device, --device-cgroup-rule').toV2(r);
    expect(v2).toHaveLength(1);
    expect(v2[0]!.impossible).toMatch(/eBPF/);
  });

  it('shows the values one config produces on both versions, for the UI', () => {
    const table = flagTableFor({ memory: { limit: 16 << 20 }, pids: { limit: 4 } });
    expect(table.find((t) => t.flag === '--memory')).toMatchObject({
      oci: 'linux.resources.memory.limit', ociValue: String(16 << 20),
      v1: { writes: [{ file: 'memory.limit_in_bytes', value: String(16 << 20) }] },
      v2: { writes: [{ file: 'memory.max', value: String(16 << 20) }] },
    });
    expect(table.find((t) => t.flag === '--cpu-shares')).toMatchObject({ ociValue: null, v1: { writes: [] }, v2: { writes: [] } });
    expect(JSON.parse(JSON.stringify(table))).toEqual(table);
  });
});
