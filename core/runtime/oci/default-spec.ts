import type { LinuxDevice, Mount, Spec } from './spec-types.js';
import { OCI_SPEC_VERSION } from './spec-types.js';

/**
 * What `dockbook-runtime spec` writes and what the engine starts a container
 * from: runc's `spec` layout with Docker's safe defaults (moby
 * daemon/pkg/oci/defaults.go and oci/caps/defaults.go, runc
 * libcontainer/specconv). Every call returns a fresh object the caller may edit.
 */

export interface DefaultSpecOptions {
  /** root.path, relative to the bundle. Default "rootfs". */
  rootPath?: string;
  /**
   * root.readonly. Default true, as `runc spec` writes it; the engine passes
   * false, as Docker does unless `--read-only` is given.
   */
  readonly?: boolean;
  /** process.args. Default ["sh"]. */
  args?: string[];
  /** process.terminal. Default true, as `runc spec` writes it. */
  terminal?: boolean;
  /** Default "dockbook" (runc writes "runc"; Docker uses the container id's first 12 hex digits). */
  hostname?: string;
}

export const DEFAULT_PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Docker's default capability set: what is left when root's 41 are cut down to what most programs need. */
export const DOCKER_DEFAULT_CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
] as const;

/**
 * Docker's masked paths: files and directories in /proc and /sys that leak
 * host details or allow attacks, hidden under /dev/null or an empty tmpfs.
 * /proc/interrupts and /sys/devices/virtual/powercap are the newest
 * (moby security advisories GHSA-6fw5-f8r9-fgfm and GHSA-jq35-85cj-fj4p).
 * Docker also masks /sys/devices/system/cpu/cpuN/thermal_throttle for each
 * CPU the host has; that depends on the host, so the engine adds those.
 */
export const DOCKER_MASKED_PATHS = [
  '/proc/asound', '/proc/acpi', '/proc/interrupts', '/proc/kcore', '/proc/keys', '/proc/latency_stats',
  '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware',
  '/sys/devices/virtual/powercap',
] as const;

/** Kernel knobs under /proc a container may read but must not change. */
export const DOCKER_READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'] as const;

/** One linux.resources.devices entry; absent major/minor mean "any". */
export interface DeviceCgroupRuleJson {
  allow: boolean;
  /** a (all), c (char) or b (block); absent means a. */
  type?: 'a' | 'c' | 'b';
  major?: number;
  minor?: number;
  /** Some of r (read), w (write), m (mknod). */
  access?: string;
}

/**
 * The device rules Docker writes into every config.json: deny everything,
 * allow the harmless character devices, and deny /dev/fuse (10:229)
 * explicitly so a later broad allow cannot reach it.
 */
export const DOCKER_DEVICE_RULES: readonly DeviceCgroupRuleJson[] = [
  { allow: false, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 5, access: 'rwm' }, // /dev/zero
  { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' }, // /dev/null
  { allow: true, type: 'c', major: 1, minor: 9, access: 'rwm' }, // /dev/urandom
  { allow: true, type: 'c', major: 1, minor: 8, access: 'rwm' }, // /dev/random
  { allow: true, type: 'c', major: 5, minor: 0, access: 'rwm' }, // /dev/tty
  { allow: true, type: 'c', major: 5, minor: 1, access: 'rwm' }, // /dev/console
  { allow: false, type: 'c', major: 10, minor: 229, access: 'rwm' }, // /dev/fuse
];

/**
 * The rules runc appends after the spec's own, for every container, which is
 * why a Docker container can also use /dev/full, its terminal and /dev/net/tun
 * although Docker's list does not name them. Appended last, a config cannot
 * take them away. (runc 1.2.0 dropped tun/tap; 1.2.4 put it back because
 * users relied on it.) A runc-compatible runtime appends the same.
 */
export const RUNC_DEFAULT_DEVICE_RULES: readonly DeviceCgroupRuleJson[] = [
  { allow: true, type: 'c', access: 'm' }, // mknod of any char device (opening it is still checked)
  { allow: true, type: 'b', access: 'm' }, // mknod of any block device
  { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' }, // /dev/null
  { allow: true, type: 'c', major: 1, minor: 8, access: 'rwm' }, // /dev/random
  { allow: true, type: 'c', major: 1, minor: 7, access: 'rwm' }, // /dev/full
  { allow: true, type: 'c', major: 5, minor: 0, access: 'rwm' }, // /dev/tty
  { allow: true, type: 'c', major: 1, minor: 5, access: 'rwm' }, // /dev/zero
  { allow: true, type: 'c', major: 1, minor: 9, access: 'rwm' }, // /dev/urandom
  { allow: true, type: 'c', major: 136, access: 'rwm' }, // /dev/pts/*
  { allow: true, type: 'c', major: 5, minor: 2, access: 'rwm' }, // /dev/ptmx
  { allow: true, type: 'c', major: 10, minor: 200, access: 'rwm' }, // /dev/net/tun
];

/** The rules a runc-compatible runtime enforces: the config's, then runc's defaults. */
export function effectiveDeviceRules(specRules: readonly DeviceCgroupRuleJson[]): DeviceCgroupRuleJson[] {
  return [...specRules, ...RUNC_DEFAULT_DEVICE_RULES].map((r) => ({ ...r }));
}

/**
 * The device nodes a runtime creates in every container's /dev, whatever
 * linux.devices says (the spec's "default devices"; runc makes the same six).
 * /dev/console and /dev/ptmx are set up separately, from the container's pty
 * and its own devpts.
 */
export const DEFAULT_DEVICES: readonly LinuxDevice[] = [
  { path: '/dev/null', type: 'c', major: 1, minor: 3, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/zero', type: 'c', major: 1, minor: 5, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/full', type: 'c', major: 1, minor: 7, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/random', type: 'c', major: 1, minor: 8, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/urandom', type: 'c', major: 1, minor: 9, fileMode: 0o666, uid: 0, gid: 0 },
  { path: '/dev/tty', type: 'c', major: 5, minor: 0, fileMode: 0o666, uid: 0, gid: 0 },
];

/** The symlinks a runtime makes in /dev (as runc does): [target, link]. */
export const DEFAULT_DEV_SYMLINKS: readonly (readonly [target: string, link: string])[] = [
  ['/proc/self/fd', '/dev/fd'],
  ['/proc/self/fd/0', '/dev/stdin'],
  ['/proc/self/fd/1', '/dev/stdout'],
  ['/proc/self/fd/2', '/dev/stderr'],
  // With a devpts of its own (newinstance), the container's ptmx is the one inside it.
  ['pts/ptmx', '/dev/ptmx'],
];

function defaultMounts(): Mount[] {
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    {
      destination: '/dev/pts', type: 'devpts', source: 'devpts',
      // gid=5 is the "tty" group, which owns terminals on Debian-like images.
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
    },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'] },
  ];
}

export function defaultSpec(opts: DefaultSpecOptions = {}): Spec {
  const caps = (): string[] => [...DOCKER_DEFAULT_CAPABILITIES];
  return {
    ociVersion: OCI_SPEC_VERSION,
    process: {
      terminal: opts.terminal ?? true,
      user: { uid: 0, gid: 0 },
      args: [...(opts.args ?? ['sh'])],
      env: [DEFAULT_PATH_ENV, 'TERM=xterm'],
      cwd: '/',
      // Docker leaves inheritable and ambient empty, so an exec'd program
      // without file capabilities keeps nothing beyond what root keeps anyway.
      capabilities: { bounding: caps(), effective: caps(), permitted: caps() },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
      noNewPrivileges: true,
    },
    root: { path: opts.rootPath ?? 'rootfs', readonly: opts.readonly ?? true },
    hostname: opts.hostname ?? 'dockbook',
    mounts: defaultMounts(),
    linux: {
      resources: { devices: DOCKER_DEVICE_RULES.map((r) => ({ ...r })) },
      namespaces: [{ type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'cgroup' }],
      maskedPaths: [...DOCKER_MASKED_PATHS],
      readonlyPaths: [...DOCKER_READONLY_PATHS],
    },
  };
}
