import { describe, expect, it } from 'vitest';
import {
  CAPABILITY_NAMES, CAP_LAST_CAP, capHex, capMask, capName, capNames, capNumber, parseCapHex, parseCapability,
} from '../../../core/runtime/oci/capabilities.js';
import { DOCKER_DEFAULT_CAPABILITIES } from '../../../core/runtime/oci/default-spec.js';

describe('the capability table', () => {
  it('numbers capabilities as the kernel does, from CAP_CHOWN=0 to CAP_CHECKPOINT_RESTORE=40', () => {
    expect(CAPABILITY_NAMES).toHaveLength(41);
    expect(CAP_LAST_CAP).toBe(40);
    expect(capNumber('CAP_CHOWN')).toBe(0);
    expect(capNumber('CAP_KILL')).toBe(5);
    expect(capNumber('CAP_NET_ADMIN')).toBe(12);
    expect(capNumber('CAP_SYS_ADMIN')).toBe(21);
    expect(capNumber('CAP_MKNOD')).toBe(27);
    expect(capNumber('CAP_SETFCAP')).toBe(31);
    expect(capNumber('CAP_AUDIT_READ')).toBe(37);
    expect(capNumber('CAP_BPF')).toBe(39);
    expect(capNumber('CAP_CHECKPOINT_RESTORE')).toBe(40);
    expect(capName(13)).toBe('CAP_NET_RAW');
    expect(capName(41)).toBeUndefined();
  });

  it('has no name twice', () => {
    expect(new Set(CAPABILITY_NAMES).size).toBe(CAPABILITY_NAMES.length);
  });

  it('gives Docker\'s 14 default capabilities the bounding mask 00000000a80425fb, as /proc/self/status shows it', () => {
    const mask = capMask(DOCKER_DEFAULT_CAPABILITIES);
    expect(mask).toBe(0xa80425fbn);
    expect(capHex(mask)).toBe('00000000a80425fb');
  });

  it('prints the full set of 41 capabilities as 000001ffffffffff', () => {
    expect(capHex(capMask(CAPABILITY_NAMES))).toBe('000001ffffffffff');
    expect(capHex(0n)).toBe('0000000000000000');
  });

  it('turns a mask back into names, lowest bit first', () => {
    expect(capNames(parseCapHex('00000000a80425fb'))).toEqual([
      'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID',
      'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_NET_RAW', 'CAP_SYS_CHROOT', 'CAP_MKNOD', 'CAP_AUDIT_WRITE', 'CAP_SETFCAP',
    ]);
    expect(new Set(capNames(capMask(DOCKER_DEFAULT_CAPABILITIES)))).toEqual(new Set(DOCKER_DEFAULT_CAPABILITIES));
  });

  it('refuses an unknown name with E_INVALID_ARGUMENT that quotes it', () => {
    expect(() => capMask(['CAP_CHOWN', 'CAP_FOO'])).toThrow(expect.objectContaining({
      code: 'E_INVALID_ARGUMENT', message: 'unknown capability "CAP_FOO"',
    }));
    expect(() => capNumber('chown')).toThrow('unknown capability "chown"');
  });

  it('accepts names the way docker --cap-add does: any case, prefix optional', () => {
    expect(parseCapability('net_admin')).toBe('CAP_NET_ADMIN');
    expect(parseCapability('CAP_SYS_ADMIN')).toBe('CAP_SYS_ADMIN');
    expect(parseCapability(' Kill ')).toBe('CAP_KILL');
    expect(() => parseCapability('teleport')).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });

  it('refuses masks that are not 64-bit hex', () => {
    expect(() => parseCapHex('xyz')).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    expect(() => capHex(1n << 64n)).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    expect(() => capHex(-1n)).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });
});
