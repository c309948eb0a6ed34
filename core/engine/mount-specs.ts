import { DockbookError } from '../errors.js';
import type { Mount } from '../runtime/oci/spec-types.js';
import type { Kernel } from '../kernel/kernel.js';
import type { VolumeStore } from './volumes.js';

/** `--mount`, as the docker client sends it in HostConfig.Mounts. */
export interface MountRequest {
  readonly Type: 'bind' | 'volume' | 'tmpfs';
  readonly Source?: string;
  readonly Target: string;
  readonly ReadOnly?: boolean;
  /** `-v /missing:/x` makes the host directory, as Docker's -v does; `--mount type=bind` refuses. */
  readonly CreateHostPath?: boolean;
}

/** A container's mount as `inspect` shows it. */
export interface MountPoint {
  readonly Type: 'bind' | 'volume' | 'tmpfs';
  readonly Name?: string;
  readonly Source: string;
  readonly Destination: string;
  readonly RW: boolean;
}

function invalid(spec: string, why: string): DockbookError {
  return new DockbookError('E_INVALID_ARGUMENT', `invalid volume specification: '${spec}': ${why}`, { hint: 'use -v /host/path:/container/path[:ro], -v name:/path or -v /path' });
}

/** `-v SRC:DST[:ro]`, `-v NAME:DST`, `-v DST` (an anonymous volume) → what to mount. */
export function parseBind(spec: string): MountRequest {
  const parts = spec.split(':');
  if (parts.length > 3 || parts.some((p) => p === '')) throw invalid(spec, 'invalid format');
  if (parts.length === 1) {
    if (!spec.startsWith('/')) throw invalid(spec, 'invalid mount config for type "volume": invalid mount path: must be absolute');
    return { Type: 'volume', Target: spec };
  }
  const [src, dst, mode] = parts as [string, string, string | undefined];
  if (!dst.startsWith('/')) throw invalid(spec, `invalid mount config: mount path must be absolute`);
  if (mode !== undefined && mode !== 'ro' && mode !== 'rw') throw invalid(spec, `invalid mode: ${mode}`);
  return src.startsWith('/')
    ? { Type: 'bind', Source: src, Target: dst, ReadOnly: mode === 'ro', CreateHostPath: true }
    : { Type: 'volume', Source: src, Target: dst, ReadOnly: mode === 'ro' };
}

/** Turns the requests into OCI mounts, creating named and anonymous volumes on first use. */
export async function resolveMounts(requests: readonly MountRequest[], volumes: VolumeStore, kernel: Kernel): Promise<{ oci: Mount[]; points: MountPoint[] }> {
  const oci: Mount[] = [];
  const points: MountPoint[] = [];
  for (const r of requests) {
    const ro = r.ReadOnly === true;
    if (r.Type === 'tmpfs') {
      oci.push({ destination: r.Target, type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'noexec', ...(ro ? ['ro'] : [])] });
      points.push({ Type: 'tmpfs', Source: '', Destination: r.Target, RW: !ro });
      continue;
    }
    if (r.Type === 'bind') {
      const src = r.Source ?? '';
      if (!(await kernel.exists(src))) {
        if (!r.CreateHostPath) throw new DockbookError('E_INVALID_ARGUMENT', `invalid mount config for type "bind": bind source path does not exist: ${src}`);
        await kernel.mkdir(src, { recursive: true, mode: 0o755 });
      }
      oci.push({ destination: r.Target, type: 'bind', source: src, options: ['rbind', 'rprivate', ...(ro ? ['ro'] : [])] });
      points.push({ Type: 'bind', Source: src, Destination: r.Target, RW: !ro });
      continue;
    }
    const v = await volumes.create(r.Source ?? null, { anonymous: r.Source === undefined });
    oci.push({ destination: r.Target, type: 'bind', source: v.Mountpoint, options: ['rbind', 'rprivate', ...(ro ? ['ro'] : [])] });
    points.push({ Type: 'volume', Name: v.Name, Source: v.Mountpoint, Destination: r.Target, RW: !ro });
  }
  return { oci, points };
}
