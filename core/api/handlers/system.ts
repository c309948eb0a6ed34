import { VERSION } from '../../version.js';
import { API_VERSION, MIN_API_VERSION, type ApiContext } from '../api-context.js';
import { json, type ApiResult } from '../http-types.js';

export function ping(): ApiResult {
  return { kind: 'text', status: 200, body: 'OK', contentType: 'text/plain; charset=utf-8' };
}

export async function version(ctx: ApiContext): Promise<ApiResult> {
  const u = await ctx.kernel.uname();
  const base = { Version: VERSION, ApiVersion: API_VERSION, MinAPIVersion: MIN_API_VERSION, GitCommit: 'dockbook', GoVersion: 'n/a (TypeScript)', Os: 'linux', Arch: u.machine === 'x86_64' ? 'amd64' : u.machine, KernelVersion: u.release, BuildTime: '' };
  return json({
    Platform: { Name: 'dockbook' },
    Components: [{ Name: 'Engine', Version: VERSION, Details: { ApiVersion: API_VERSION, MinAPIVersion: MIN_API_VERSION, Os: 'linux', Arch: base.Arch, KernelVersion: u.release } },
      { Name: 'dockbook-runtime', Version: VERSION, Details: { GitCommit: '' } }],
    ...base,
  });
}

export async function info(ctx: ApiContext): Promise<ApiResult> {
  const u = await ctx.kernel.uname();
  const all = ctx.engine.list(true);
  const running = all.filter((c) => c.State.Running).length;
  const paused = all.filter((c) => c.State.Paused).length;
  return json({
    ID: 'dockbook', Containers: all.length, ContainersRunning: running, ContainersPaused: paused, ContainersStopped: all.length - running - paused,
    Images: (await ctx.images.list()).length, Driver: ctx.info.storageDriver, DriverStatus: ctx.info.driverStatus ?? [],
    Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'macvlan', 'null'], Log: ['json-file'] },
    MemoryLimit: true, SwapLimit: true, CpuCfsPeriod: true, CpuCfsQuota: true, CPUShares: true, CPUSet: true, PidsLimit: true,
    IPv4Forwarding: true, Debug: false, NFd: 0, NGoroutines: 0, SystemTime: new Date(ctx.kernel.now()).toISOString(),
    LoggingDriver: 'json-file', CgroupDriver: ctx.info.cgroupDriver, CgroupVersion: ctx.info.cgroupVersion, NEventsListener: 0,
    KernelVersion: u.release, OperatingSystem: 'dockbook on Linux', OSVersion: '', OSType: 'linux', Architecture: u.machine,
    IndexServerAddress: '', RegistryConfig: { IndexConfigs: {}, InsecureRegistryCIDRs: [] }, NCPU: 0, MemTotal: 0,
    DockerRootDir: ctx.info.rootDir, Name: u.nodename, Labels: [], ExperimentalBuild: false, ServerVersion: VERSION,
    Runtimes: { 'dockbook-runtime': { path: 'dockbook-runtime' } }, DefaultRuntime: 'dockbook-runtime', Swarm: { LocalNodeState: 'inactive' },
    LiveRestoreEnabled: true, Isolation: '', InitBinary: '', SecurityOptions: ['name=seccomp,profile=unconfined'], Warnings: [],
  });
}
