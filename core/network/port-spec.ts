import { parseIPv4 } from './ipv4.js';
import { invalidPortSpec } from './network-errors.js';

export type PortProto = 'tcp' | 'udp' | 'sctp';

/** One `container port ← host port` request, before a host port is chosen. */
export interface PortMapping {
  /** '' publishes on every host address (Docker shows it as 0.0.0.0). */
  readonly hostIp: string;
  /** null: any free host port (`-p 80`). */
  readonly hostPort: number | null;
  /** With a host range for one container port (`-p 8000-8010:80`), the first free one in it is taken. */
  readonly hostPortEnd: number | null;
  readonly containerPort: number;
  readonly proto: PortProto;
}

const PROTOS: ReadonlySet<string> = new Set(['tcp', 'udp', 'sctp']);

/**
 * `-p [IP:][HOST:]CONTAINER[/PROTO]`, split and checked in the order Docker
 * does, with its messages: the last `:`-part is the container port, the one
 * before it the host port, anything before that the host IP. Ranges expand
 * to one mapping per port.
 */
export function parsePortSpec(raw: string): PortMapping[] {
  const { ip: rawIp, hostPart, containerPart } = splitParts(raw);
  const { proto, port: containerText } = splitProto(containerPart);
  let ip = rawIp;
  if (ip.startsWith('[')) throw invalidPortSpec(`invalid IP address: ${ip}: IPv6 publishing is not supported by dockbook yet`);
  if (ip !== '' && parseIPv4(ip) === null) throw invalidPortSpec(`invalid IP address: ${ip}`);
  if (ip === '0.0.0.0') ip = '';
  if (containerText === '') throw invalidPortSpec(`no port specified: ${raw}<empty>`);
  const container = parseRange(containerText);
  if (!container || container.start === 0) throw invalidPortSpec(`invalid containerPort: ${containerText}`);
  let host: { start: number; end: number } | null = null;
  if (hostPart !== '') {
    host = parseRange(hostPart);
    if (!host) throw invalidPortSpec(`invalid hostPort: ${hostPart}`);
  }
  const containerCount = container.end - container.start;
  if (host && host.end - host.start !== containerCount && containerCount !== 0) {
    throw invalidPortSpec(`invalid ranges specified for container and host Ports: ${containerText} and ${hostPart}`);
  }
  if (!PROTOS.has(proto.toLowerCase())) throw invalidPortSpec(`invalid proto: ${proto}`);
  const p = proto.toLowerCase() as PortProto;

  if (containerCount === 0) {
    // `-p 0:80` asks for a random host port, as `-p 80` does.
    const fixed = host && host.start !== 0 ? host : null;
    return [{ hostIp: ip, hostPort: fixed?.start ?? null, hostPortEnd: fixed ? fixed.end : null, containerPort: container.start, proto: p }];
  }
  const out: PortMapping[] = [];
  for (let i = 0; i <= containerCount; i++) {
    const hostPort = host ? host.start + i : null;
    out.push({ hostIp: ip, hostPort, hostPortEnd: hostPort, containerPort: container.start + i, proto: p });
  }
  return out;
}

/** `-P`: every EXPOSEd port (`80/tcp`, `53/udp`) on a random host port. */
export function publishAllExposed(exposed: readonly string[]): PortMapping[] {
  return exposed.flatMap((e) => parsePortSpec(e));
}

function splitParts(raw: string): { ip: string; hostPart: string; containerPart: string } {
  const parts = raw.split(':');
  const n = parts.length;
  const containerPart = parts[n - 1] ?? '';
  if (n === 1) return { ip: '', hostPart: '', containerPart };
  if (n === 2) return { ip: '', hostPart: parts[0] ?? '', containerPart };
  // More than three parts: the IP itself held colons (IPv6).
  return { ip: parts.slice(0, n - 2).join(':'), hostPart: parts[n - 2] ?? '', containerPart };
}

function splitProto(text: string): { proto: string; port: string } {
  const parts = text.split('/');
  const port = parts[0] ?? '';
  if (text === '' || port === '') return { proto: '', port: '' };
  if (parts.length === 1 || parts[1] === '') return { proto: 'tcp', port };
  return { proto: parts[1] ?? '', port };
}

function parseRange(text: string): { start: number; end: number } | null {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!m) return null;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535 || end < start) return null;
  return { start, end };
}

/** How `docker port` prints one binding: `80/tcp -> 0.0.0.0:8080`. */
export function formatPortBinding(b: { containerPort: number; proto: PortProto; hostIp: string; hostPort: number }): string {
  return `${b.containerPort}/${b.proto} -> ${b.hostIp || '0.0.0.0'}:${b.hostPort}`;
}
