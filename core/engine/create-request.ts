import { DockbookError } from '../errors.js';
import type { ImageSummary } from './image-service.js';
import { defaultHostConfig, type ContainerConfig, type HostConfig } from './model.js';

/** The body of POST /containers/create (Docker's ContainerCreateRequest), as loosely as clients send it. */
export interface CreateRequest {
  readonly Image?: string;
  readonly Cmd?: string[] | string | null;
  readonly Entrypoint?: string[] | string | null;
  readonly Env?: string[] | null;
  readonly WorkingDir?: string;
  readonly User?: string;
  readonly Hostname?: string;
  readonly Domainname?: string;
  readonly Tty?: boolean;
  readonly OpenStdin?: boolean;
  readonly StdinOnce?: boolean;
  readonly AttachStdin?: boolean;
  readonly AttachStdout?: boolean;
  readonly AttachStderr?: boolean;
  readonly ExposedPorts?: Record<string, object> | null;
  /** Anonymous volumes: the client puts `-v /path` here, and images declare VOLUME here. */
  readonly Volumes?: Record<string, object> | null;
  readonly Labels?: Record<string, string> | null;
  readonly StopSignal?: string;
  readonly HostConfig?: Partial<HostConfig> | null;
  /** `--network NAME --network-alias A`: the client puts the aliases under the network's name. */
  readonly NetworkingConfig?: { EndpointsConfig?: Record<string, { Aliases?: string[] | null } | null> | null } | null;
}

const asList = (v: string[] | string | null | undefined): string[] | null =>
  v === undefined || v === null ? null : typeof v === 'string' ? [v] : v;

/**
 * Merges a create request with the image's config the way dockerd does: the
 * request's Entrypoint replaces the image's (and then drops its Cmd), env
 * adds to the image's env, and the command is Entrypoint + Cmd.
 */
export function mergeConfig(req: CreateRequest, image: ImageSummary, hostname: string): { config: ContainerConfig; host: HostConfig; path: string; args: string[] } {
  const ic = image.config;
  const entrypoint = asList(req.Entrypoint) ?? (ic.Entrypoint ?? null);
  const reqCmd = asList(req.Cmd);
  const cmd = reqCmd && reqCmd.length ? reqCmd : req.Entrypoint !== undefined && req.Entrypoint !== null ? null : (ic.Cmd ?? null);
  const argv = [...(entrypoint ?? []), ...(cmd ?? [])];
  if (argv.length === 0) {
    throw new DockbookError('E_INVALID_ARGUMENT', 'no command specified', { hint: 'give a command after the image name, or use an image with CMD' });
  }
  const env = mergeEnv(ic.Env ?? [], req.Env ?? []);
  const host: HostConfig = { ...defaultHostConfig(), ...(req.HostConfig ?? {}) } as HostConfig;
  if (!host.NetworkMode || host.NetworkMode === 'default') host.NetworkMode = 'bridge';
  const config: ContainerConfig = {
    Hostname: req.Hostname || hostname,
    Domainname: req.Domainname ?? '',
    User: req.User ?? ic.User ?? '',
    AttachStdin: req.AttachStdin ?? false,
    AttachStdout: req.AttachStdout ?? false,
    AttachStderr: req.AttachStderr ?? false,
    ExposedPorts: { ...(ic.ExposedPorts ?? {}), ...(req.ExposedPorts ?? {}) },
    Tty: req.Tty ?? false,
    OpenStdin: req.OpenStdin ?? false,
    StdinOnce: req.StdinOnce ?? false,
    Env: env,
    Cmd: cmd,
    Image: req.Image ?? '',
    WorkingDir: req.WorkingDir || ic.WorkingDir || '',
    Entrypoint: entrypoint,
    Labels: { ...(ic.Labels ?? {}), ...(req.Labels ?? {}) },
    Volumes: { ...(ic.Volumes ?? {}), ...(req.Volumes ?? {}) },
    ...(req.StopSignal || ic.StopSignal ? { StopSignal: req.StopSignal || ic.StopSignal } : {}),
  };
  return { config, host, path: argv[0]!, args: argv.slice(1) };
}

function mergeEnv(base: readonly string[], over: readonly string[]): string[] {
  const out = new Map<string, string>();
  for (const kv of [...base, ...over]) {
    const eq = kv.indexOf('=');
    out.set(eq === -1 ? kv : kv.slice(0, eq), kv);
  }
  return [...out.values()];
}
