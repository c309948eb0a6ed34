import { DockbookError } from '../errors.js';
import type { LinuxBlockIO, LinuxResources } from '../runtime/cgroups/resources.js';
import { defaultSpec } from '../runtime/oci/default-spec.js';
import type { Mount, Spec } from '../runtime/oci/spec-types.js';
import type { ContainerRecordV1, HostConfig } from './model.js';

export interface SpecInputs {
  readonly record: ContainerRecordV1;
  readonly rootfs: string;
  /** Files the engine writes per container and binds in: /etc/hostname, /etc/hosts, /etc/resolv.conf. */
  readonly etcFiles: Readonly<Record<string, string>>;
  /** A net namespace to join (another container's, for `container:`), or none. */
  readonly netnsPath?: string;
  readonly cgroupsPath: string;
  /** Volumes and binds, after the defaults and the /etc files. */
  readonly extraMounts?: readonly Mount[];
  /** Block device limits, already turned from paths into device numbers (throttle-devices.ts). */
  readonly throttle?: Partial<LinuxBlockIO>;
}

const CPU_PERIOD_US = 100_000;

/**
 * Turns a container's Docker config into the OCI config.json the runtime
 * runs, as dockerd does: the image's Entrypoint+Cmd become args, flags become
 * cgroup resources, and the network mode decides the net namespace.
 */
export function buildSpec({ record, rootfs, etcFiles, netnsPath, cgroupsPath, extraMounts = [], throttle = {} }: SpecInputs): Spec {
  const c = record.Config;
  const h = record.HostConfig;
  const spec = defaultSpec({ rootPath: rootfs, readonly: h.ReadonlyRootfs, terminal: false, hostname: c.Hostname });
  spec.process.args = [record.Path, ...record.Args];
  spec.process.env = c.Env;
  spec.process.cwd = c.WorkingDir || '/';
  spec.process.user = parseUser(c.User);
  spec.mounts = [...(spec.mounts ?? []), ...etcMounts(etcFiles), ...extraMounts];
  const linux = spec.linux!;
  linux.cgroupsPath = cgroupsPath;
  linux.resources = { ...(linux.resources ?? {}), ...resourcesOf(h) };
  if (Object.keys(throttle).length) linux.resources = { ...linux.resources, blockIO: { ...(linux.resources.blockIO ?? {}), ...throttle } };
  const mode = h.NetworkMode;
  if (mode === 'host') {
    linux.namespaces = linux.namespaces!.filter((n) => n.type !== 'network' && n.type !== 'uts');
    // A sandboxed engine's "host" is a namespace of its own: host mode joins that one.
    if (netnsPath) linux.namespaces.push({ type: 'network', path: netnsPath });
    // With the host's network comes the host's name, as in Docker.
    delete spec.hostname;
  } else if (netnsPath) {
    linux.namespaces = linux.namespaces!.map((n) => (n.type === 'network' ? { type: 'network', path: netnsPath } : n));
  }
  return spec;
}

function etcMounts(files: Readonly<Record<string, string>>): Mount[] {
  return Object.entries(files).map(([destination, source]) => ({ destination, type: 'bind', source, options: ['rbind', 'rprivate'] }));
}

/** `-u uid[:gid]`; names would need the image's /etc/passwd, which numbers do not. */
export function parseUser(user: string): Spec['process']['user'] {
  if (!user) return { uid: 0, gid: 0 };
  const [u, g] = user.split(':');
  const uid = Number(u);
  const gid = g === undefined ? uid : Number(g);
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid < 0 || gid < 0) {
    throw new DockbookError('E_INVALID_ARGUMENT', `unable to find user ${user}: only numeric uid[:gid] is supported`, { hint: 'use -u 1000:1000' });
  }
  return { uid, gid };
}

/** Docker's resource flags as OCI linux.resources (the runtime maps them onto cgroup files). */
export function resourcesOf(h: HostConfig): LinuxResources {
  const r: { -readonly [K in keyof LinuxResources]: LinuxResources[K] } = {};
  if (h.Memory > 0) {
    // --memory-swap unset: swap may be as large again as memory (total 2×), as Docker does.
    const swap = h.MemorySwap > 0 ? h.MemorySwap : h.MemorySwap === -1 ? -1 : h.Memory * 2;
    r.memory = { limit: h.Memory, swap, ...(h.MemoryReservation > 0 ? { reservation: h.MemoryReservation } : {}) };
  }
  const cpu: Record<string, number | string> = {};
  if (h.CpuShares > 0) cpu['shares'] = h.CpuShares;
  if (h.NanoCpus > 0) {
    cpu['period'] = CPU_PERIOD_US;
    cpu['quota'] = Math.round((h.NanoCpus / 1e9) * CPU_PERIOD_US);
  }
  if (h.CpuPeriod > 0) cpu['period'] = h.CpuPeriod;
  if (h.CpuQuota > 0) cpu['quota'] = h.CpuQuota;
  if (h.CpusetCpus) cpu['cpus'] = h.CpusetCpus;
  if (h.CpusetMems) cpu['mems'] = h.CpusetMems;
  if (Object.keys(cpu).length) r.cpu = cpu as LinuxResources['cpu'];
  if (h.PidsLimit !== null && h.PidsLimit > 0) r.pids = { limit: h.PidsLimit };
  if (h.BlkioWeight > 0) r.blockIO = { weight: h.BlkioWeight };
  return r;
}
