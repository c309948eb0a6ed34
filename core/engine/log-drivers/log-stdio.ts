import type { ContainerStdio } from '../../kernel/types.js';
import type { ContainerRecordV1 } from '../model.js';
import { fluentdAddress, jsonFileLimits, syslogAddress, syslogFacility, syslogFormat } from './log-options.js';

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
      kind: 'log-driver',
      driver: {
        kind: 'syslog', address: syslogAddress(config['syslog-address']), format: syslogFormat(config['syslog-format']),
        facility: syslogFacility(config['syslog-facility']), tag: logTag(config['tag'] ?? '{{.ID}}', rec),
      },
    };
    case 'fluentd': return {
      kind: 'log-driver',
      driver: {
        kind: 'fluentd', address: fluentdAddress(config['fluentd-address']), tag: logTag(config['tag'] ?? '{{.ID}}', rec), // Docker's default for fluentd too (checked against dockerd 20.10)
        containerId: rec.Id, containerName: rec.Name, subSecond: config['fluentd-sub-second-precision'] === 'true',
      },
    };
    default: return { kind: 'json-log', path: rec.LogPath, ...jsonFileLimits(config) };
  }
}

/** Only json-file keeps lines the engine can read back. */
export function canReadLogs(rec: ContainerRecordV1): boolean {
  const t = rec.HostConfig.LogConfig.Type;
  return t === 'json-file' || t === '';
}
