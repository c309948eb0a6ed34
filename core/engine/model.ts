/**
 * A container as the engine keeps it: Docker's own shapes (the Engine API's
 * ContainerConfig, HostConfig and State), so `inspect` shows what Docker
 * shows and the API can hand them out as they are.
 */

export interface ContainerConfig {
  Hostname: string;
  Domainname: string;
  User: string;
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
  ExposedPorts?: Record<string, object>;
  Tty: boolean;
  OpenStdin: boolean;
  StdinOnce: boolean;
  Env: string[];
  Cmd: string[] | null;
  Image: string;
  Volumes?: Record<string, object> | null;
  WorkingDir: string;
  Entrypoint: string[] | null;
  Labels: Record<string, string>;
  StopSignal?: string;
}

export interface RestartPolicy {
  Name: '' | 'no' | 'always' | 'unless-stopped' | 'on-failure';
  MaximumRetryCount: number;
}

export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

export interface HostConfig {
  Binds: string[] | null;
  NetworkMode: string;
  PortBindings: Record<string, PortBinding[] | null>;
  RestartPolicy: RestartPolicy;
  AutoRemove: boolean;
  VolumesFrom: string[] | null;
  Memory: number;
  MemorySwap: number;
  MemoryReservation: number;
  NanoCpus: number;
  CpuShares: number;
  CpuPeriod: number;
  CpuQuota: number;
  CpusetCpus: string;
  CpusetMems: string;
  BlkioWeight: number;
  /** `--device-read-bps`, `--device-write-bps` (bytes per second) and the `-iops` pair, per device path. */
  BlkioDeviceReadBps?: ThrottleDevice[] | null;
  BlkioDeviceWriteBps?: ThrottleDevice[] | null;
  BlkioDeviceReadIOps?: ThrottleDevice[] | null;
  BlkioDeviceWriteIOps?: ThrottleDevice[] | null;
  PidsLimit: number | null;
  LogConfig: { Type: string; Config: Record<string, string> };
  Privileged: boolean;
  /** `-P`: every exposed port on a random host port. */
  PublishAllPorts?: boolean;
  ReadonlyRootfs: boolean;
  Init: boolean | null;
  /** `--link NAME:ALIAS` (legacy, default bridge only): hosts entries for other containers. */
  Links?: string[] | null;
  /** `--mount` requests (the docker client turns --mount into these; -v stays in Binds). */
  Mounts?: import('./mount-specs.js').MountRequest[] | null;
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerState {
  Status: ContainerStatus;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
}

export interface ContainerRecordV1 {
  Id: string;
  Created: string;
  Name: string;
  Path: string;
  Args: string[];
  Image: string;
  /** The reference the user gave (`busybox`), as Docker keeps it in Config.Image. */
  ImageRef: string;
  Config: ContainerConfig;
  HostConfig: HostConfig;
  State: ContainerState;
  RestartCount: number;
  LogPath: string;
  /** Host pid of the shim that owns the running process (to re-adopt it after a restart). */
  ShimPid: number;
  /** Volumes and binds as resolved at the last start (`inspect` Mounts; --volumes-from reads them). */
  Mounts?: import('./mount-specs.js').MountPoint[];
  /** The container's address on its network while it runs (bridge mode). */
  /** Networks the container is connected to (NetworkingConfig.EndpointsConfig, `network connect`): attached at every start. */
  EndpointsConfig?: Record<string, { Aliases?: string[] | null }>;
  /** Per network while it runs: NetworkSettings.Networks in inspect. */
  Networks?: Record<string, EndpointSettings>;
  Network: {
    Name: string; IPAddress: string; IPPrefixLen: number; Gateway: string; MacAddress: string;
    Ports?: { hostIp: string; hostPort: number; containerPort: number; proto: string }[];
  } | null;
}

/** A block device limit as Docker's API carries it: the device's path and a rate. */
export interface ThrottleDevice {
  Path: string;
  Rate: number;
}

/** One network's entry in NetworkSettings.Networks. */
export interface EndpointSettings {
  IPAddress: string;
  IPPrefixLen: number;
  Gateway: string;
  MacAddress: string;
  NetworkID: string;
  Aliases: string[] | null;
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';

export function initialState(): ContainerState {
  return {
    Status: 'created', Running: false, Paused: false, Restarting: false, OOMKilled: false, Dead: false,
    Pid: 0, ExitCode: 0, Error: '', StartedAt: ZERO_TIME, FinishedAt: ZERO_TIME,
  };
}

export function defaultHostConfig(): HostConfig {
  return {
    Binds: null, NetworkMode: 'default', PortBindings: {}, RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
    AutoRemove: false, VolumesFrom: null, Memory: 0, MemorySwap: 0, MemoryReservation: 0, NanoCpus: 0, CpuShares: 0,
    CpuPeriod: 0, CpuQuota: 0, CpusetCpus: '', CpusetMems: '', BlkioWeight: 0, PidsLimit: null,
    LogConfig: { Type: 'json-file', Config: {} }, Privileged: false, ReadonlyRootfs: false, Init: null,
  };
}
