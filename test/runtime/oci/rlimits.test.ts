import { describe, expect, it } from 'vitest';
import {
  RLIMIT_NAMES, isUnlimited, rlimitFromUlimitName, rlimitName, rlimitNumber,
} from '../../../core/runtime/oci/rlimits.js';

describe('the rlimit table', () => {
  it('numbers the 16 limits as setrlimit does on Linux x86_64', () => {
    const expected = {
      RLIMIT_CPU: 0, RLIMIT_FSIZE: 1, RLIMIT_DATA: 2, RLIMIT_STACK: 3, RLIMIT_CORE: 4, RLIMIT_RSS: 5,
      RLIMIT_NPROC: 6, RLIMIT_NOFILE: 7, RLIMIT_MEMLOCK: 8, RLIMIT_AS: 9, RLIMIT_LOCKS: 10,
      RLIMIT_SIGPENDING: 11, RLIMIT_MSGQUEUE: 12, RLIMIT_NICE: 13, RLIMIT_RTPRIO: 14, RLIMIT_RTTIME: 15,
    };
    expect(RLIMIT_NAMES).toHaveLength(16);
    for (const [name, n] of Object.entries(expected)) {
      expect(rlimitNumber(name)).toBe(n);
      expect(rlimitName(n)).toBe(name);
    }
    expect(rlimitName(16)).toBeUndefined();
  });

  it('refuses an unknown name and lists the known ones in the hint', () => {
    expect(() => rlimitNumber('RLIMIT_FOO')).toThrow(expect.objectContaining({
      code: 'E_INVALID_ARGUMENT', message: 'unknown rlimit "RLIMIT_FOO"', hint: expect.stringContaining('RLIMIT_NOFILE'),
    }));
  });

  it('turns docker --ulimit names into config.json types', () => {
    expect(rlimitFromUlimitName('nofile')).toBe('RLIMIT_NOFILE');
    expect(rlimitFromUlimitName('NPROC')).toBe('RLIMIT_NPROC');
    expect(() => rlimitFromUlimitName('files')).toThrow('unknown ulimit "files"');
  });

  it('reads RLIM_INFINITY as JSON.parse delivers it (2^64) as unlimited', () => {
    expect(isUnlimited(JSON.parse('18446744073709551615') as number)).toBe(true);
    expect(isUnlimited(1024)).toBe(false);
  });
});
