import type { ContainerStdio, LogCache } from '../../kernel/types.js';
import type { ContainerRecordV1 } from '../model.js';
import { cacheDisabled, cacheLimits, fluentdAddress, jsonFileLimits, syslogAddress, syslogFacility, syslogFormat } from './log-options.js';

/** Docker's log tag template: {{.ID}}, {{.FullID}}, {{.Name}}, {{.ImageID}}, {{.ImageFullID}}, {{.ImageName}}, {{.DaemonName}}. */
export function logTag(template: string, rec: ContainerRecordV1): string {
  const image = rec.Image.replace(/^sha256:/, '');
  const fields: Record<string, string> = {
    ID: rec.Id.slice(0, 12), FullID: rec.Id, Name: rec.Name.replace(/^\//, ''),
    ImageID: image.slice(0, 12), ImageFullID: image, ImageName: rec.ImageRef, DaemonName: 'docker',
  };
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (all, f: string) => fields[f] ?? all);
}

/** What the shim does with the container's stdout and stderr, from its HostConfig.LogConfig. */
export function logStdio(rec: ContainerRecordV1): Extract<ContainerStdio, { kind: 'ignore' | 'json-log' | 'log-driver' }> {
  const { Type: type, Config: config } = rec.HostConfig.LogConfig;
  switch (type) {
    case 'none': return { kind: 'ignore' };
    case 'syslog': return {
      kind: 'log-driver', ...cacheOf(rec),
      driver: {
        kind: 'syslog', address: syslogAddress(config['syslog-address']), format: syslogFormat(config['syslog-format']),
        facility: syslogFacility(config['syslog-facility']), tag: logTag(config['tag'] ?? '{{.ID}}', rec),
      },
    };
    case 'fluentd': return {
      kind: 'log-driver', ...cacheOf(rec),
      driver: {
        kind: 'fluentd', address: fluentdAddress(config['fluentd-address']), tag: logTag(config['tag'] ?? '{{.ID}}', rec), // Docker's default for fluentd too (checked against dockerd 20.10)
        containerId: rec.Id, containerName: rec.Name, subSecond: config['fluentd-sub-second-precision'] === 'true',
      },
    };
    default: return { kind: 'json-log', path: rec.LogPath, ...jsonFileLimits(config) };
  }
}

/** Docker's name for the dual-logging cache, beside the container's other files. */
const CACHE_FILE = 'container-cached.log';
/** With cache-disabled: what an attached client follows, and `logs` does not read. */
const SPOOL_FILE = 'container-attach.log';
const SPOOL_LIMITS = { maxSize: 1024 ** 2, maxFiles: 2 };

const besideLog = (rec: ContainerRecordV1, name: string) => `${rec.LogPath.slice(0, rec.LogPath.lastIndexOf('/'))}/${name}`;

function isRemote(rec: ContainerRecordV1): boolean {
  const type = rec.HostConfig.LogConfig.Type;
  return type === 'syslog' || type === 'fluentd';
}

/**
 * The file `logs` reads: json-file's own log or the local cache of a remote
 * driver (dual logging); none for `none` or with cache-disabled=true.
 */
export function localLogPath(rec: ContainerRecordV1): string | null {
  const type = rec.HostConfig.LogConfig.Type;
  if (type === 'json-file' || type === '') return rec.LogPath;
  if (!isRemote(rec) || cacheDisabled(rec.HostConfig.LogConfig.Config)) return null;
  return besideLog(rec, CACHE_FILE);
}

/**
 * The file an attached client follows. dockerd copies the output to the
 * attached client whatever the driver keeps, so a foreground `docker run`
 * prints even with cache-disabled: here the shim then keeps a small spool
 * (2 × 1 MiB) for attach alone.
 */
export function attachLogPath(rec: ContainerRecordV1): string {
  return localLogPath(rec) ?? besideLog(rec, SPOOL_FILE);
}

function cacheOf(rec: ContainerRecordV1): { cache: LogCache } {
  const path = localLogPath(rec);
  return { cache: path ? { path, ...cacheLimits(rec.HostConfig.LogConfig.Config) } : { path: besideLog(rec, SPOOL_FILE), ...SPOOL_LIMITS } };
}
