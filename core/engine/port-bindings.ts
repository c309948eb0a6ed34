import { DockbookError } from '../errors.js';
import type { PortMapping, PortProto } from '../network/port-spec.js';
import type { ContainerRecordV1 } from './model.js';

function portKey(key: string): { port: number; proto: PortProto } {
  const [p, proto = 'tcp'] = key.split('/');
  const port = Number(p);
  if (!Number.isInteger(port) || port < 1 || port > 65535 || !['tcp', 'udp', 'sctp'].includes(proto)) {
    throw new DockbookError('E_INVALID_PORT_SPEC', `invalid port specification: "${key}"`, { hint: 'a container port is PORT[/tcp|udp]' });
  }
  return { port, proto: proto as PortProto };
}

/**
 * HostConfig.PortBindings (what the docker client makes of `-p`) and `-P`
 * as mappings for the network: `{"80/tcp": [{HostIp: "", HostPort: "8080"}]}`.
 */
export function portMappings(rec: Pick<ContainerRecordV1, 'HostConfig' | 'Config'>): PortMapping[] {
  const out: PortMapping[] = [];
  for (const [key, bindings] of Object.entries(rec.HostConfig.PortBindings ?? {})) {
    const { port, proto } = portKey(key);
    for (const b of bindings ?? [{ HostIp: '', HostPort: '' }]) {
      const [first, last] = (b.HostPort || '').split('-');
      const hostPort = first ? Number(first) : null;
      const hostPortEnd = last ? Number(last) : null;
      if ((hostPort !== null && !Number.isInteger(hostPort)) || (hostPortEnd !== null && !Number.isInteger(hostPortEnd))) {
        throw new DockbookError('E_INVALID_PORT_SPEC', `invalid host port: "${b.HostPort}"`);
      }
      out.push({ hostIp: b.HostIp === '0.0.0.0' ? '' : b.HostIp ?? '', hostPort, hostPortEnd, containerPort: port, proto });
    }
  }
  if (rec.HostConfig.PublishAllPorts) {
    for (const key of Object.keys(rec.Config.ExposedPorts ?? {})) {
      const { port, proto } = portKey(key);
      if (!out.some((m) => m.containerPort === port && m.proto === proto)) out.push({ hostIp: '', hostPort: null, hostPortEnd: null, containerPort: port, proto });
    }
  }
  return out;
}
