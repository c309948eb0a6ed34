import { describe, expect, it } from 'vitest';
import { cacheDisabled, cacheLimits, fluentdAddress, jsonFileLimits, parseLogSize, syslogAddress, syslogFacility, validateLogConfig } from '../../../core/engine/log-drivers/log-options.js';

describe('log driver options, checked at create with dockerd\'s words', () => {
  it('reads max-size with k, m and g as binary multiples', () => {
    expect(parseLogSize('10k')).toBe(10 * 1024);
    expect(parseLogSize('1m')).toBe(1024 * 1024);
    expect(parseLogSize('2g')).toBe(2 * 1024 ** 3);
    expect(parseLogSize('512')).toBe(512);
    expect(() => parseLogSize('ten')).toThrow(/invalid size/);
  });

  it('defaults json-file to no rotation and one file; refuses max-file below 1', () => {
    expect(jsonFileLimits({})).toEqual({ maxSize: -1, maxFiles: 1 });
    expect(jsonFileLimits({ 'max-size': '1k', 'max-file': '3' })).toEqual({ maxSize: 1024, maxFiles: 3 });
    expect(() => jsonFileLimits({ 'max-file': '0' })).toThrow('max-file cannot be less than 1');
    expect(() => jsonFileLimits({ 'max-size': '0' })).toThrow('max-size must be a positive number');
  });

  it('turns syslog-address into what the shim dials, with port 514 by default', () => {
    expect(syslogAddress('udp://127.0.0.1')).toBe('udp:127.0.0.1:514');
    expect(syslogAddress('tcp://localhost:1514')).toBe('tcp:127.0.0.1:1514');
    expect(syslogAddress('unixgram:///dev/log')).toBe('unixgram:/dev/log');
    expect(() => syslogAddress('http://x')).toThrow("unsupported scheme: 'http'");
  });

  it('reads fluentd-address with or without tcp://, localhost:24224 by default', () => {
    expect(fluentdAddress(undefined)).toBe('tcp:127.0.0.1:24224');
    expect(fluentdAddress('tcp://127.0.0.1:9999')).toBe('tcp:127.0.0.1:9999');
    expect(fluentdAddress('unix:///run/fluent.sock')).toBe('unix:/run/fluent.sock');
  });

  it('names facilities as syslog does', () => {
    expect(syslogFacility(undefined)).toBe(3);
    expect(syslogFacility('local3')).toBe(19);
    expect(() => syslogFacility('nope')).toThrow('invalid syslog facility');
  });

  it('refuses an unknown driver and an option the driver does not take', () => {
    expect(() => validateLogConfig('journald', {})).toThrow("logger: no log driver named 'journald' is registered");
    expect(() => validateLogConfig('fluentd', { 'max-size': '1m' })).toThrow("unknown log opt 'max-size' for fluentd log driver");
    expect(() => validateLogConfig('syslog', { 'syslog-format': 'rfc5424micro', tag: '{{.Name}}' })).not.toThrow();
  });

  it('takes the dual-logging cache options on every driver but none, checking only cache-disabled (as dockerd 20.10)', () => {
    for (const driver of ['json-file', 'syslog', 'fluentd']) {
      expect(() => validateLogConfig(driver, { 'cache-disabled': 'true', 'cache-max-size': 'abc', 'cache-max-file': '-1', 'cache-compress': 'maybe' })).not.toThrow();
      expect(() => validateLogConfig(driver, { 'cache-disabled': 'maybe' })).toThrow('invalid value for option cache-disabled: maybe');
    }
    expect(() => validateLogConfig('syslog', { 'cache-foo': '1' })).toThrow("unknown log opt 'cache-foo' for syslog log driver");
    expect(() => validateLogConfig('none', { 'cache-disabled': 'true' })).toThrow("unknown log opt 'cache-disabled' for none log driver");
  });

  it('reads cache-disabled as Go\'s ParseBool does', () => {
    expect(cacheDisabled({})).toBe(false);
    for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(cacheDisabled({ 'cache-disabled': t })).toBe(true);
    for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False']) expect(cacheDisabled({ 'cache-disabled': f })).toBe(false);
    expect(() => cacheDisabled({ 'cache-disabled': 'yes' })).toThrow('invalid value for option cache-disabled: yes');
  });

  it('keeps 5 cache files of 20 MiB unless cache-max-size and cache-max-file say otherwise; values that do not parse keep the default', () => {
    expect(cacheLimits({})).toEqual({ maxSize: 20 * 1024 ** 2, maxFiles: 5 });
    expect(cacheLimits({ 'cache-max-size': '1k', 'cache-max-file': '2' })).toEqual({ maxSize: 1024, maxFiles: 2 });
    expect(cacheLimits({ 'cache-max-size': 'abc', 'cache-max-file': '0' })).toEqual({ maxSize: 20 * 1024 ** 2, maxFiles: 5 });
  });
});
