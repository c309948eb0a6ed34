import type { ContainerRecordV1, EndpointSettings } from '../../engine/model.js';
import { humanDuration } from '../human-time.js';

/** `docker ps` rows (GET /containers/json). */
export function summary(c: ContainerRecordV1, now: number): Record<string, unknown> {
  return {
    Id: c.Id,
    Names: [c.Name],
    Image: c.ImageRef,
    ImageID: c.Image,
    Command: [c.Path, ...c.Args].map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' '),
    Created: Math.floor(Date.parse(c.Created) / 1000),
    Ports: (c.Network?.Ports ?? []).map((p) => ({ IP: p.hostIp, PrivatePort: p.containerPort, PublicPort: p.hostPort, Type: p.proto })),
    Labels: c.Config.Labels,
    State: c.State.Status,
    Status: statusText(c, now),
    HostConfig: { NetworkMode: c.HostConfig.NetworkMode },
    NetworkSettings: { Networks: networkSettings(c).Networks },
    Mounts: [],
  };
}

/** Docker's wording: "Up 3 seconds", "Exited (0) 2 minutes ago", "Created". */
function statusText(c: ContainerRecordV1, now: number): string {
  if (c.State.Running) return `Up ${humanDuration(now - Date.parse(c.State.StartedAt))}${c.State.Paused ? ' (Paused)' : ''}`;
  if (c.State.Status === 'created') return 'Created';
  return `Exited (${c.State.ExitCode}) ${humanDuration(now - Date.parse(c.State.FinishedAt))} ago`;
}

/** `docker inspect` (GET /containers/{id}/json). */
export function inspect(c: ContainerRecordV1): Record<string, unknown> {
  return {
    Id: c.Id, Created: c.Created, Path: c.Path, Args: c.Args, State: c.State, Image: c.Image, Name: c.Name,
    RestartCount: c.RestartCount, Driver: 'overlay2', Platform: 'linux', LogPath: c.LogPath,
    HostConfig: c.HostConfig, Config: c.Config,
    Mounts: (c.Mounts ?? []).map((m) => ({ Type: m.Type, ...(m.Name ? { Name: m.Name, Driver: 'local' } : {}), Source: m.Source, Destination: m.Destination, Mode: m.RW ? '' : 'ro', RW: m.RW, Propagation: m.Type === 'bind' ? 'rprivate' : '' })),
    NetworkSettings: networkSettings(c),
  };
}

function networkSettings(c: ContainerRecordV1): { Networks: Record<string, unknown>; Ports: Record<string, unknown>; IPAddress: string; IPPrefixLen: number; MacAddress: string; Gateway: string } {
  const n = c.Network;
  if (!n) return { Networks: configuredNetworks(c), Ports: {}, IPAddress: '', IPPrefixLen: 0, MacAddress: '', Gateway: '' };
  const networks = c.Networks ?? { [n.Name]: { IPAddress: n.IPAddress, IPPrefixLen: n.IPPrefixLen, Gateway: n.Gateway, MacAddress: n.MacAddress, NetworkID: n.Name, Aliases: null } };
  return {
    Networks: Object.fromEntries(Object.entries(networks).map(([name, e]) => [name, endpointView(c, name, e)])),
    Ports: Object.fromEntries((n.Ports ?? []).map((p) => [`${p.containerPort}/${p.proto}`, [{ HostIp: p.hostIp, HostPort: String(p.hostPort) }]])), IPAddress: n.IPAddress, IPPrefixLen: n.IPPrefixLen, MacAddress: n.MacAddress, Gateway: n.Gateway,
  };
}

/** One entry of NetworkSettings.Networks with the fields Docker 1.45 shows; DNSNames only where the embedded DNS answers. */
function endpointView(c: ContainerRecordV1, name: string, e: Partial<EndpointSettings>): Record<string, unknown> {
  const dns = name !== 'bridge' && e.IPAddress ? [c.Name.slice(1), c.Id.slice(0, 12), ...(e.Aliases ?? [])] : null;
  return {
    IPAMConfig: null, Links: null, Aliases: e.Aliases ?? null, MacAddress: e.MacAddress ?? '', DriverOpts: null, NetworkID: e.NetworkID ?? '',
    EndpointID: e.IPAddress ? `${c.Id.slice(0, 12)}-${name}` : '', Gateway: e.Gateway ?? '', IPAddress: e.IPAddress ?? '', IPPrefixLen: e.IPPrefixLen ?? 0,
    IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, DNSNames: dns,
  };
}

/** A container that is not running still lists the networks it is configured for, with empty addresses (as Docker). */
function configuredNetworks(c: ContainerRecordV1): Record<string, unknown> {
  const mode = c.HostConfig.NetworkMode === 'default' ? 'bridge' : c.HostConfig.NetworkMode;
  if (mode.startsWith('container:')) return {};
  const names = new Set([mode, ...Object.keys(c.EndpointsConfig ?? {}).filter((k) => k !== 'default')]);
  return Object.fromEntries([...names].map((name) => [name, endpointView(c, name, { Aliases: c.EndpointsConfig?.[name]?.Aliases ?? null })]));
}
