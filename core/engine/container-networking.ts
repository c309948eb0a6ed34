import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import { writeEtcFiles } from './etc-files.js';
import type { ContainerRecordV1, EndpointSettings } from './model.js';
import type { NetworkAttachment, NetworkService } from './network-service.js';
import { portMappings } from './port-bindings.js';

/** Keys of EndpointsConfig that are not networks of their own. */
const NOT_NETWORKS = new Set(['host', 'none', 'default']);

function primaryKey(rec: ContainerRecordV1): string {
  return rec.HostConfig.NetworkMode === 'default' ? 'bridge' : rec.HostConfig.NetworkMode;
}

function aliasesFor(rec: ContainerRecordV1, network: string): string[] {
  const cfg = rec.EndpointsConfig ?? {};
  return [...(cfg[network]?.Aliases ?? []), ...(network === 'bridge' ? cfg['default']?.Aliases ?? [] : [])];
}

function settingsOf(a: NetworkAttachment, aliases: readonly string[], networkId: string): EndpointSettings {
  return { IPAddress: a.ipAddress, IPPrefixLen: a.prefixLen, Gateway: a.gateway, MacAddress: a.macAddress, NetworkID: networkId, Aliases: aliases.length ? [...aliases] : null };
}

/**
 * At start, after the container's namespace exists: its network (`--network`)
 * with the published ports, then every other network it was connected to
 * while stopped; then /etc/hosts and /etc/resolv.conf rewritten in place for
 * what it got (its address, `--link` entries, the embedded DNS).
 */
export async function connectAtStart(
  kernel: Kernel, network: NetworkService, rec: ContainerRecordV1, netnsPath: string, dir: string,
  linkedAddress: (name: string) => string,
): Promise<void> {
  const mode = primaryKey(rec);
  const primary = await network.attach(rec.Id, mode, netnsPath, aliasesFor(rec, mode), portMappings(rec));
  if (!primary) return;
  rec.Network = {
    Name: primary.network, IPAddress: primary.ipAddress, IPPrefixLen: primary.prefixLen, Gateway: primary.gateway, MacAddress: primary.macAddress,
    Ports: primary.ports.map((p) => ({ hostIp: p.hostIp || '0.0.0.0', hostPort: p.hostPort, containerPort: p.containerPort, proto: p.proto })),
  };
  const ids = new Map((await network.list()).map((v) => [v.record.name, v.record.id]));
  rec.Networks = { [primary.network]: settingsOf(primary, aliasesFor(rec, mode), ids.get(primary.network) ?? '') };
  let dns = primary.embeddedDns;
  for (const name of Object.keys(rec.EndpointsConfig ?? {})) {
    if (name === mode || name === primary.network || NOT_NETWORKS.has(name)) continue;
    const a = await network.connect(rec.Id, name, netnsPath, aliasesFor(rec, name));
    rec.Networks[a.network] = settingsOf(a, aliasesFor(rec, name), ids.get(a.network) ?? '');
    dns ||= a.embeddedDns;
  }
  const links = (rec.HostConfig.Links ?? []).map(parseLink).map((l) => ({ address: linkedAddress(l.name), names: [l.alias, l.name] }));
  await writeEtcFiles(kernel, dir, rec.Config.Hostname, primary.ipAddress, false, { embeddedDns: dns, extraHosts: links });
}

/** Docker's rule at create: aliases need the embedded DNS, which only user-defined networks have. */
export function checkAliases(rec: Pick<ContainerRecordV1, 'HostConfig' | 'EndpointsConfig'>): void {
  const mode = rec.HostConfig.NetworkMode === 'default' ? 'bridge' : rec.HostConfig.NetworkMode;
  for (const [name, cfg] of Object.entries(rec.EndpointsConfig ?? {})) {
    const onDefault = name === 'bridge' || name === 'default' || (name === mode && (mode === 'host' || mode === 'none'));
    if (onDefault && (cfg.Aliases ?? []).length > 0) {
      throw new DockbookError('E_INVALID_ARGUMENT', 'network-scoped alias is supported only for containers in user defined networks', {
        hint: "create a network ('network create NAME') and run with --network NAME",
      });
    }
  }
}

/**
 * `--link name:alias` as Docker sends it (`/name:/me/alias`) or as typed.
 * Deprecated in Docker in favour of user-defined networks, whose embedded
 * DNS resolves every container by name without this.
 */
export function parseLink(text: string): { name: string; alias: string } {
  const [rawName = '', rawAlias] = text.split(':');
  const name = rawName.replace(/^\//, '');
  const alias = (rawAlias ?? name).split('/').pop() ?? name;
  if (!name) throw new DockbookError('E_INVALID_ARGUMENT', `invalid link: "${text}"`, { hint: 'use --link NAME[:ALIAS]' });
  return { name, alias };
}

/** `network connect` on a running container: plugged in now and remembered for the next start. */
export async function connectNow(network: NetworkService, rec: ContainerRecordV1, ref: string, aliases: readonly string[]): Promise<void> {
  const view = await network.get(ref);
  const name = view.record.name;
  if (NOT_NETWORKS.has(name) || name === 'host') throw new DockbookError('E_INVALID_ARGUMENT', `container cannot be disconnected from host network or connected to host network`, { hint: 'connect user-defined or bridge networks' });
  if (rec.Networks?.[name] || (!rec.State.Running && rec.EndpointsConfig?.[name])) {
    throw new DockbookError('E_NETWORK_CONNECTED', `endpoint with name ${rec.Name.slice(1)} already exists in network ${name}`, { hint: 'the container is connected to that network already' });
  }
  if (rec.State.Running) {
    const a = await network.connect(rec.Id, name, `/proc/${rec.State.Pid}/ns/net`, aliases);
    rec.Networks = { ...(rec.Networks ?? {}), [name]: settingsOf(a, aliases, view.record.id) };
  }
  rec.EndpointsConfig = { ...(rec.EndpointsConfig ?? {}), [name]: { Aliases: aliases.length ? [...aliases] : null } };
}

export async function disconnectNow(network: NetworkService, rec: ContainerRecordV1, ref: string): Promise<void> {
  const view = await network.get(ref);
  const name = view.record.name;
  const configured = !!rec.EndpointsConfig?.[name] || primaryKey(rec) === name;
  if (rec.State.Running) await network.disconnect(rec.Id, name);
  else if (!configured) throw new DockbookError('E_NETWORK_NOT_CONNECTED', `container ${rec.Id.slice(0, 12)} is not connected to network ${name}`);
  if (rec.Networks) delete rec.Networks[name];
  if (rec.EndpointsConfig) delete rec.EndpointsConfig[name];
  // Disconnected from the network it was created on: Docker leaves it with none until connected again.
  if (primaryKey(rec) === name) rec.HostConfig.NetworkMode = 'none';
}
