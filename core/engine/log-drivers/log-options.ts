import { DockbookError } from '../../errors.js';

/**
 * `--log-driver` and `--log-opt` checked at create, with dockerd's words:
 * an unknown driver or option, or a value the driver cannot use, fails the
 * create instead of the first start.
 */

/** Options each driver accepts (env/labels/tag are common to Docker's drivers, the cache-* ones to every driver since 20.10). */
const CACHE = ['cache-disabled', 'cache-max-size', 'cache-max-file', 'cache-compress'];
const COMMON = ['env', 'env-regex', 'labels', 'labels-regex', 'tag', ...CACHE];
const ACCEPTED: Record<string, readonly string[]> = {
  'json-file': [...COMMON, 'max-size', 'max-file', 'compress'],
  syslog: [...COMMON, 'syslog-address', 'syslog-facility', 'syslog-format', 'syslog-tls-ca-cert', 'syslog-tls-cert', 'syslog-tls-key', 'syslog-tls-skip-verify'],
  fluentd: [...COMMON, 'fluentd-address', 'fluentd-async', 'fluentd-async-connect', 'fluentd-buffer-limit', 'fluentd-max-retries', 'fluentd-retry-wait', 'fluentd-sub-second-precision', 'fluentd-request-ack', 'fluentd-write-timeout'],
  none: [],
};

export const LOG_DRIVERS = Object.keys(ACCEPTED);

const FACILITIES = ['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', '', '', '', '',
  'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'];

const SYSLOG_FORMATS = ['', 'rfc3164', 'rfc5424', 'rfc5424micro'];

const invalid = (message: string, hint?: string) => new DockbookError('E_INVALID_ARGUMENT', message, hint ? { hint } : {});

/** Docker's json-file sizes: a number with an optional k, m or g (binary multiples, as units.RAMInBytes). */
export function parseLogSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)i?b?$/i.exec(text.trim());
  if (!m) throw invalid(`invalid size: '${text}'`, 'use a number with k, m or g, e.g. 10m');
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 }[m[2]!.toLowerCase() as 'k'];
  return Math.floor(Number(m[1]) * mult);
}

export interface JsonFileLimits {
  /** Bytes, or -1 for no rotation. */
  readonly maxSize: number;
  readonly maxFiles: number;
}

export function jsonFileLimits(config: Readonly<Record<string, string>>): JsonFileLimits {
  let maxSize = -1;
  if (config['max-size'] !== undefined) {
    maxSize = parseLogSize(config['max-size']);
    if (maxSize <= 0) throw invalid('max-size must be a positive number');
  }
  let maxFiles = 1;
  if (config['max-file'] !== undefined) {
    if (!/^-?\d+$/.test(config['max-file'])) throw invalid(`strconv.Atoi: parsing "${config['max-file']}": invalid syntax`);
    maxFiles = Number(config['max-file']);
    if (maxFiles < 1) throw invalid('max-file cannot be less than 1');
  }
  return { maxSize, maxFiles };
}

/** Go's strconv.ParseBool, which dockerd applies to boolean log options. */
function parseBool(text: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return null;
}

/** `cache-disabled`: dockerd checks it at create ("invalid value for option cache-disabled: maybe"). */
export function cacheDisabled(config: Readonly<Record<string, string>>): boolean {
  const text = config['cache-disabled'];
  if (text === undefined || text === '') return false;
  const value = parseBool(text);
  if (value === null) throw invalid(`invalid value for option cache-disabled: ${text}`, 'use true or false');
  return value;
}

/** Docker's defaults for the dual-logging cache: 5 files of 20 MiB. */
const CACHE_MAX_SIZE = 20 * 1024 ** 2;
const CACHE_MAX_FILE = 5;

/**
 * The cache's rotation. dockerd 20.10 accepts any cache-max-size and
 * cache-max-file at create without checking them; a value that does not
 * parse leaves the default here.
 */
export function cacheLimits(config: Readonly<Record<string, string>>): { readonly maxSize: number; readonly maxFiles: number } {
  let maxSize = CACHE_MAX_SIZE;
  try {
    const size = config['cache-max-size'] === undefined ? CACHE_MAX_SIZE : parseLogSize(config['cache-max-size']);
    if (size > 0) maxSize = size;
  } catch { /* unchecked, as in dockerd */ }
  const files = Number(config['cache-max-file']);
  return { maxSize, maxFiles: Number.isInteger(files) && files > 0 ? files : CACHE_MAX_FILE };
}

/** syslog-address as Docker reads it: unix/unixgram paths, udp/tcp host[:port] (514 by default). */
export function syslogAddress(address: string | undefined): string {
  if (!address) return 'unixgram:/dev/log';
  const m = /^([a-z+]+):\/\/(.*)$/i.exec(address);
  if (!m) throw invalid(`unsupported scheme: ''`, 'syslog-address looks like udp://127.0.0.1:514 or unix:///dev/log');
  const [, scheme, rest] = m;
  if (scheme === 'unix' || scheme === 'unixgram') return `${scheme}:${rest}`;
  if (scheme === 'tcp+tls') throw invalid('syslog over TLS is not supported by this engine', 'use tcp://, udp:// or unix://');
  if (scheme !== 'udp' && scheme !== 'tcp') throw invalid(`unsupported scheme: '${scheme}'`);
  return `${scheme}:${hostPort(rest!, '514')}`;
}

/** fluentd-address: [tcp://]host[:port] or unix:///path; localhost:24224 by default. */
export function fluentdAddress(address: string | undefined): string {
  const text = address || 'localhost:24224';
  if (text.startsWith('unix://')) return `unix:${text.slice('unix://'.length)}`;
  const rest = text.replace(/^tcp:\/\//, '');
  if (/^[a-z]+:\/\//i.test(rest)) throw invalid(`invalid fluentd-address ${text}: unsupported scheme`);
  return `tcp:${hostPort(rest, '24224')}`;
}

/** The shim dials literal addresses: localhost is the only name it is given resolved. */
function hostPort(text: string, defaultPort: string): string {
  const m = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(text);
  if (!m) throw invalid(`invalid address: ${text}`);
  const host = m[1] === 'localhost' || m[1] === '' ? '127.0.0.1' : m[1]!;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(host) && !host.startsWith('[')) {
    throw invalid(`cannot resolve log receiver host '${host}'`, 'give an IP address (127.0.0.1) or localhost');
  }
  return `${host}:${m[2] ?? defaultPort}`;
}

export function syslogFacility(name: string | undefined): number {
  if (!name) return 3; // daemon
  if (/^\d+$/.test(name) && Number(name) <= 23) return Number(name);
  const i = FACILITIES.indexOf(name);
  if (i < 0 || !name) throw invalid('invalid syslog facility');
  return i;
}

export function syslogFormat(name: string | undefined): string {
  const f = name ?? '';
  if (!SYSLOG_FORMATS.includes(f)) throw invalid('Invalid syslog format', `use one of ${SYSLOG_FORMATS.filter(Boolean).join(', ')}`);
  return f;
}

/** Fails as dockerd fails `docker create` for this log configuration. */
export function validateLogConfig(type: string, config: Readonly<Record<string, string>>): void {
  const accepted = ACCEPTED[type];
  if (!accepted) throw invalid(`logger: no log driver named '${type}' is registered`, `drivers here: ${LOG_DRIVERS.join(', ')}`);
  for (const key of Object.keys(config)) {
    if (!accepted.includes(key)) throw invalid(`unknown log opt '${key}' for ${type} log driver`);
  }
  cacheDisabled(config);
  if (type === 'json-file') jsonFileLimits(config);
  if (type === 'syslog') {
    syslogAddress(config['syslog-address']);
    syslogFacility(config['syslog-facility']);
    syslogFormat(config['syslog-format']);
  }
  if (type === 'fluentd') fluentdAddress(config['fluentd-address']);
}
