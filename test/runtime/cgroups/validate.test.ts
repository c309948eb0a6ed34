import { describe, expect, it } from 'vitest';
import { validateResources } from '../../../core/runtime/cgroups/validate.js';
import type { LinuxResources } from '../../../core/runtime/cgroups/resources.js';

const invalid = (r: LinuxResources, message: RegExp): void => {
  expect(() => validateResources(r)).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT', message: expect.stringMatching(message) }));
};

describe('validateResources', () => {
  it('accepts a full, sensible config', () => {
    expect(() => validateResources({
      memory: { limit: 64 << 20, reservation: 32 << 20, swap: 128 << 20, swappiness: 10 },
      cpu: { shares: 512, quota: 50_000, period: 100_000, cpus: '0-1,3', mems: '0' },
      pids: { limit: -1 },
      blockIO: { weight: 500, weightDevice: [{ major: 8, minor: 0, weight: 10 }], throttleReadBpsDevice: [{ major: 8, minor: 0, rate: 0 }] },
      devices: [{ allow: false, access: 'rwm' }, { allow: true, type: 'c', major: 1, minor: 3, access: 'rw' }],
    })).not.toThrow();
  });

  it('refuses swap below the memory limit, since OCI swap is memory plus swap', () => {
    invalid({ memory: { limit: 64 << 20, swap: 32 << 20 } }, /memory\.swap: .* below memory\.limit/);
  });

  it('refuses swap without a memory limit, and a limited swap with unlimited memory', () => {
    invalid({ memory: { swap: 64 << 20 } }, /without a memory limit/);
    invalid({ memory: { limit: -1, swap: 64 << 20 } }, /memory\.swap/);
  });

  it('refuses values the kernel would answer with a bare EINVAL', () => {
    invalid({ memory: { swappiness: 101 } }, /swappiness/);
    invalid({ cpu: { period: 500 } }, /cpu\.period/);
    invalid({ cpu: { quota: 10 } }, /cpu\.quota/);
    invalid({ cpu: { cpus: '0-' } }, /cpu\.cpus/);
    invalid({ blockIO: { weight: 5 } }, /blockIO\.weight/);
    invalid({ blockIO: { throttleWriteIOPSDevice: [{ major: 8, minor: -1, rate: 5 }] } }, /MAJ:MIN/);
    invalid({ devices: [{ allow: true, type: 'x' as 'a' }] }, /type "x"/);
    invalid({ devices: [{ allow: true, access: 'rwx' }] }, /access/);
    invalid({ memory: { limit: 1.5 } }, /whole number/);
  });
});
