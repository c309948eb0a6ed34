import { describe, expect, it } from 'vitest';
import {
  blkioWeightToIoWeight, cpuMaxValue, cpuSharesToWeight, cpusToQuota, deviceRuleLine, ioMaxLines,
  memoryV1Value, memoryV2Value, pidsMaxValue, swapMaxV2Value, throttleV1Line,
} from '../../../core/runtime/cgroups/conversions.js';

describe('cgroup value conversions', () => {
  it('maps cpu shares onto cpu.weight end to end, with Docker\'s default 1024 becoming 39 as in runc', () => {
    expect(cpuSharesToWeight(2)).toBe(1);
    expect(cpuSharesToWeight(262144)).toBe(10000);
    expect(cpuSharesToWeight(1024)).toBe(39);
    expect(cpuSharesToWeight(512)).toBe(1 + Math.floor((510 * 9999) / 262142));
    expect(cpuSharesToWeight(100_000)).toBe(3815);
  });

  it('clamps shares outside 2–262144 the way the kernel would before mapping', () => {
    expect(cpuSharesToWeight(1)).toBe(1);
    expect(cpuSharesToWeight(1_000_000)).toBe(10000);
  });

  it('maps blkio weight 10–1000 onto io.weight 1–10000', () => {
    expect(blkioWeightToIoWeight(10)).toBe(1);
    expect(blkioWeightToIoWeight(1000)).toBe(10000);
    expect(blkioWeightToIoWeight(500)).toBe(4950);
    expect(blkioWeightToIoWeight(300)).toBe(1 + Math.floor((290 * 9999) / 990));
  });

  it('turns --cpus into a quota over a 100 ms period', () => {
    expect(cpusToQuota(1.5)).toEqual({ quota: 150_000, period: 100_000 });
    expect(cpusToQuota(0.2)).toEqual({ quota: 20_000, period: 100_000 });
    expect(cpusToQuota(2, 50_000)).toEqual({ quota: 100_000, period: 50_000 });
  });

  it('writes cpu.max as "QUOTA PERIOD", max for no quota, and leaves the period out when it is not given', () => {
    expect(cpuMaxValue(20_000, 100_000)).toBe('20000 100000');
    expect(cpuMaxValue(-1, 100_000)).toBe('max 100000');
    expect(cpuMaxValue(undefined, 50_000)).toBe('max 50000');
    expect(cpuMaxValue(30_000, undefined)).toBe('30000');
  });

  it('spells unlimited memory -1 on v1 and max on v2', () => {
    expect(memoryV1Value(-1)).toBe('-1');
    expect(memoryV1Value(16 << 20)).toBe('16777216');
    expect(memoryV2Value(-1)).toBe('max');
    expect(memoryV2Value(16 << 20)).toBe('16777216');
  });

  it('gives v2 swap alone: the OCI memory+swap total minus the memory limit', () => {
    expect(swapMaxV2Value(96 << 20, 64 << 20)).toBe(String(32 << 20));
    expect(swapMaxV2Value(64 << 20, 64 << 20)).toBe('0');
    expect(swapMaxV2Value(-1, 64 << 20)).toBe('max');
  });

  it('writes max for an unlimited pids limit', () => {
    expect(pidsMaxValue(-1)).toBe('max');
    expect(pidsMaxValue(64)).toBe('64');
  });

  it('writes throttle lines per device for v1 and merges them per device for v2 io.max', () => {
    expect(throttleV1Line({ major: 8, minor: 0, rate: 1048576 })).toBe('8:0 1048576');
    expect(ioMaxLines({
      throttleReadBpsDevice: [{ major: 8, minor: 0, rate: 1000 }],
      throttleWriteIOPSDevice: [{ major: 8, minor: 0, rate: 50 }, { major: 8, minor: 16, rate: 0 }],
      throttleWriteBpsDevice: [{ major: 8, minor: 16, rate: 2000 }],
    })).toEqual(['8:0 rbps=1000 wiops=50', '8:16 wbps=2000 wiops=max']);
  });

  it('writes device rules as "TYPE MAJ:MIN ACCESS" with * for any number and "a" for everything', () => {
    expect(deviceRuleLine({ allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' })).toBe('c 1:3 rwm');
    expect(deviceRuleLine({ allow: true, type: 'c', major: 136, access: 'rw' })).toBe('c 136:* rw');
    expect(deviceRuleLine({ allow: true, type: 'b', major: -1, minor: null })).toBe('b *:* rwm');
    expect(deviceRuleLine({ allow: false, access: 'rwm' })).toBe('a');
  });
});
