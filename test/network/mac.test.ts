import { describe, expect, it } from 'vitest';
import { macFromIPv4 } from '../../core/network/mac.js';

describe('macFromIPv4', () => {
  it("derives Docker's 02:42:<ip bytes> MAC", () => {
    expect(macFromIPv4('172.17.0.2')).toBe('02:42:ac:11:00:02');
    expect(macFromIPv4('10.87.0.2/16')).toBe('02:42:0a:57:00:02');
    expect(macFromIPv4('255.255.255.254')).toBe('02:42:ff:ff:ff:fe');
  });
});
