import { describe, expect, it } from 'vitest';
import { fluentdAddress, jsonFileLimits, parseLogSize, syslogAddress, syslogFacility, validateLogConfig } from '../../../core/engine/log-drivers/log-options.js';

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
});
