/**
 * config.json as a Linux runtime reads it (OCI runtime-spec 1.2, config.md and
 * config-linux.md). Field names are the JSON names, so a parsed file can be
 * used as is and written back unchanged. Fields a runtime passes through to
 * another module (cgroup resources, seccomp, Intel RDT) stay loosely typed here.
 *
 * `root` and `process` are optional in the spec, but a runtime that creates
 * and starts containers needs both (runc refuses a config without them), so
 * `parseSpec` requires them and the type says so.
 */

/** The runtime-spec version this runtime implements and writes. */
export const OCI_SPEC_VERSION = '1.2.0';

export interface Spec {
  ociVersion: string;
  root: Root;
  mounts?: Mount[];
  process: Process;
  hostname?: string;
  domainname?: string;
  hooks?: Hooks;
  annotations?: Record<string, string>;
  linux?: Linux;
}

export interface Root {
  /** Relative paths are relative to the bundle directory. */
  path: string;
  readonly?: boolean;
}

export interface Mount {
  /** Absolute path inside the container; resolved under the rootfs with resolveInRoot. */
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
  uidMappings?: IdMapping[];
  gidMappings?: IdMapping[];
}

// ── process ──────────────────────────────────────────────────────────────

export interface Process {
  terminal?: boolean;
  consoleSize?: ConsoleSize;
  user: User;
  args: string[];
  env?: string[];
  cwd: string;
  capabilities?: Capabilities;
  rlimits?: Rlimit[];
  noNewPrivileges?: boolean;
  oomScoreAdj?: number;
  apparmorProfile?: string;
  selinuxLabel?: string;
}

export interface ConsoleSize {
  height: number;
  width: number;
}

export interface User {
  uid: number;
  gid: number;
  umask?: number;
  additionalGids?: number[];
}

export const CAPABILITY_SETS = ['bounding', 'effective', 'inheritable', 'permitted', 'ambient'] as const;
export type CapabilitySet = (typeof CAPABILITY_SETS)[number];

/** Each set is a list of names like `CAP_CHOWN`; a missing set means an empty one. */
export type Capabilities = Partial<Record<CapabilitySet, string[]>>;

export interface Rlimit {
  /** `RLIMIT_NOFILE` and friends; see rlimits.ts. */
  type: string;
  /**
   * uint64 in the spec. RLIM_INFINITY (2^64-1) does not fit a JS number
   * exactly: JSON.parse rounds it to 2^64, which a runtime should read as
   * "unlimited".
   */
  hard: number;
  soft: number;
}

// ── hooks ────────────────────────────────────────────────────────────────

export const HOOK_NAMES = ['prestart', 'createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

export interface Hook {
  /** Absolute path of the program to run (the spec forbids a PATH lookup). */
  path: string;
  args?: string[];
  env?: string[];
  /** Seconds; greater than zero. */
  timeout?: number;
}

export type Hooks = Partial<Record<HookName, Hook[]>>;

// ── linux ────────────────────────────────────────────────────────────────

export const LINUX_NAMESPACE_TYPES = ['pid', 'network', 'mount', 'ipc', 'uts', 'user', 'cgroup', 'time'] as const;
export type LinuxNamespaceType = (typeof LINUX_NAMESPACE_TYPES)[number];

/**
 * The spec's namespace names mapped to the Kernel interface's, which follow
 * /proc/PID/ns. `time` has no Kernel counterpart yet, so it maps to null.
 */
export const KERNEL_NAMESPACE_OF = {
  pid: 'pid', network: 'net', mount: 'mnt', ipc: 'ipc', uts: 'uts', user: 'user', cgroup: 'cgroup', time: null,
} as const satisfies Record<LinuxNamespaceType, string | null>;

export interface LinuxNamespace {
  type: LinuxNamespaceType;
  /** Join the namespace this file refers to instead of creating one. */
  path?: string;
}

export interface IdMapping {
  containerID: number;
  hostID: number;
  size: number;
}

/** c: char, b: block, u: unbuffered char (same as c), p: FIFO. */
export type LinuxDeviceType = 'c' | 'b' | 'u' | 'p';

export interface LinuxDevice {
  path: string;
  type: LinuxDeviceType;
  /** Required for c, b and u; meaningless for p. */
  major?: number;
  minor?: number;
  /** Permission bits only (e.g. 0o666); the type comes from `type`. */
  fileMode?: number;
  uid?: number;
  gid?: number;
}

/** linux.resources: typed by the cgroup module; here only "a JSON object". */
export type LinuxResourcesJson = { [field: string]: unknown };
/** linux.seccomp: passed through to whatever installs the filter. */
export type LinuxSeccompJson = { [field: string]: unknown };
/** linux.intelRdt: passed through. */
export type LinuxIntelRdtJson = { [field: string]: unknown };

export const ROOTFS_PROPAGATIONS = ['private', 'rprivate', 'slave', 'rslave', 'shared', 'rshared', 'unbindable', 'runbindable'] as const;
export type RootfsPropagation = (typeof ROOTFS_PROPAGATIONS)[number];

export interface Linux {
  namespaces?: LinuxNamespace[];
  uidMappings?: IdMapping[];
  gidMappings?: IdMapping[];
  devices?: LinuxDevice[];
  cgroupsPath?: string;
  resources?: LinuxResourcesJson;
  sysctl?: Record<string, string>;
  maskedPaths?: string[];
  readonlyPaths?: string[];
  rootfsPropagation?: RootfsPropagation;
  seccomp?: LinuxSeccompJson;
  mountLabel?: string;
  intelRdt?: LinuxIntelRdtJson;
}
