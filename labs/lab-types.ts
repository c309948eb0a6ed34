/**
 * A lab as plain, typed data: what the learner types, what they read, what
 * is looked at afterwards and what must then hold. Nothing here runs
 * anything, so the UI, the server and the headless runner all read the same
 * objects, and a recorded run can be replayed against them.
 */
import type { NamespaceKind } from '../core/kernel/types.js';

/** Every sentence a learner reads exists in both languages. */
export interface L10n {
  readonly ko: string;
  readonly en: string;
}

export type Lang = keyof L10n;

export type Predict =
  | {
      readonly kind: 'choice';
      readonly question: L10n;
      readonly choices: readonly L10n[];
      /** Index into `choices`. */
      readonly answer: number;
      readonly reveal: L10n;
    }
  | {
      readonly kind: 'short';
      readonly question: L10n;
      /** Accepted answers, compared trimmed and case-insensitively. */
      readonly accept: readonly string[];
      readonly reveal: L10n;
    };

/**
 * What to look at after a step. Everything is read through the Kernel and
 * the engine, never by running docker commands, so it is the kernel's own
 * account of what the commands did. `container` is a name the lab gave.
 */
export type ObservationSpec =
  | { readonly kind: 'containers' }
  /** The chain engine → shim → the container's processes, read from /proc. */
  | { readonly kind: 'processTree'; readonly container: string }
  /** Namespace inode numbers of the container's first process; without `container`, of the engine itself (the host). */
  | { readonly kind: 'namespaces'; readonly container?: string }
  /** A file as the container sees it (through its own mount namespace). */
  | { readonly kind: 'file'; readonly container: string; readonly path: string }
  | { readonly kind: 'mounts'; readonly container: string }
  /** The image's read-only layers, the container's writable layer, what `docker diff` would list, and sizes. `paths`: which layers hold these. */
  | { readonly kind: 'layers'; readonly container: string; readonly paths?: readonly string[] }
  /** The hostname in the container's UTS namespace; without `container`, the host's. */
  | { readonly kind: 'hostname'; readonly container?: string }
  /** Links, veth pairs, bridges, addresses, routes and DNAT rules of the host and every running container. */
  | { readonly kind: 'netTopology' }
  /** What the engine's embedded DNS answered: asker, question, the addresses in order and whose each one is. */
  | { readonly kind: 'dnsAnswers' }
  // ── cgroups (resource limits) ──
  /** The container's cgroup: the limits written, the counters now, what was sampled while the step ran, and the flag → file table. */
  | { readonly kind: 'cgroup'; readonly container: string }
  // ── logging ──
  /** Everything a log receiver the lab started has got so far, in order, each line with its parsed fields. */
  | { readonly kind: 'received'; readonly receiver: string }
  /** The container's json-file log on the host: the file, its rotated siblings (.1, .2 …) and their lines. */
  | { readonly kind: 'jsonLog'; readonly container: string };

export type ObservationKind = ObservationSpec['kind'];

/** A namespace owner: a container by name, or the host (the engine's own process). */
export type NsOwner = { readonly container: string } | 'host';

export type ContainerStateName = 'running' | 'exited' | 'created' | 'absent';

/** Where a path was found: the writable layer, a whiteout there, or none. */
export type WritableEntry = 'file' | 'dir' | 'symlink' | 'whiteout' | 'absent';

/**
 * Checks are data too, so the UI can show what is expected next to what was
 * observed. Each names the observation it reads; the runner captures it if
 * the step did not list it already. Every check says in words what it means.
 */
export type CheckSpec = { readonly text: L10n } & (
  /** Text printed by one of the step's commands (default: the last). Patterns are regular expressions. */
  | { readonly kind: 'output'; readonly command?: number; readonly matches?: string; readonly notMatches?: string }
  | { readonly kind: 'container-state'; readonly container: string; readonly state: ContainerStateName; readonly exitCode?: number }
  /** The container's first process: its pid as the container sees it, and that the host sees another one. */
  | { readonly kind: 'pid-inside'; readonly container: string; readonly equals: number }
  /** The first process's parent is the container's shim, not the engine. */
  | { readonly kind: 'parent-is-shim'; readonly container: string }
  | { readonly kind: 'namespace'; readonly ns: NamespaceKind; readonly a: NsOwner; readonly b: NsOwner; readonly same: boolean }
  /** `equals: 'short-id'` means the first 12 hex digits of the container's id, as Docker sets it. */
  | { readonly kind: 'hostname'; readonly container?: string; readonly equals?: string | 'short-id'; readonly notEquals?: string }
  | { readonly kind: 'file'; readonly container: string; readonly path: string; readonly exists: boolean; readonly contains?: string }
  | { readonly kind: 'writable-layer'; readonly container: string; readonly path: string; readonly entry: WritableEntry }
  /** Whether the container still has a writable layer at all. */
  | { readonly kind: 'writable-layer-exists'; readonly container: string; readonly exists: boolean }
  /** Whether any of the image's read-only layers holds the path. */
  | { readonly kind: 'image-layer'; readonly container: string; readonly path: string; readonly present: boolean }
  | { readonly kind: 'same-image-layers'; readonly a: string; readonly b: string }
  /** SIZE is the writable layer; virtual size adds the image's layers. */
  | { readonly kind: 'sizes'; readonly container: string; readonly sizeAtLeast: number }
  | { readonly kind: 'mount'; readonly container: string; readonly mountPoint: string; readonly fstype: string }
  // ── cgroups (resource limits) ──
  /** A number read from the container's cgroup observation (see CgroupField), within bounds. */
  /**
   * `orNotApplied`: a flag whose row may instead report that this host has no file for it
   * (the engine then said so, as dockerd warns and discards the setting): the field is then null and the check still holds.
   */
  | {
    readonly kind: 'cgroup'; readonly container: string; readonly field: CgroupField; readonly equals?: number | string | boolean; readonly atLeast?: number; readonly atMost?: number;
    readonly orNotApplied?: string;
  }
  /** Of the CPU time the two containers used while the step was sampled, the part `a` had. */
  | { readonly kind: 'cpu-split'; readonly a: string; readonly b: string; readonly aFraction: number; readonly tolerance: number }
  /** CPU time per wall time of these containers together, while the step was sampled (2 = two whole CPUs). */
  | { readonly kind: 'cpu-total'; readonly containers: readonly string[]; readonly atMost: number; readonly atLeast?: number }
  | NetCheck
  | LogCheck
  /**
   * The A answers for `name` (at least `queries` of them) each list exactly
   * these containers, every answer the one before rotated by one place:
   * successive askers are sent to a different container first, in turn.
   */
  | { readonly kind: 'dns-round-robin'; readonly name: string; readonly containers: readonly string[]; readonly queries: number }
);

/** Checks on what a log receiver got and on json-file logs. */
export type LogCheck =
  /**
   * At least `atLeast` (default 1) lines reached the receiver that contain `contains`,
   * whose tag is `tag` (`{id}` stands for the 12-digit id of `container`) and whose
   * parsed fields equal `fields`.
   */
  | {
    readonly kind: 'received'; readonly receiver: string; readonly contains?: string; readonly tag?: string; readonly container?: string;
    readonly fields?: Readonly<Record<string, string | number>>; readonly atLeast?: number;
  }
  /**
   * The container's json-file log: how many files (the live one and rotated ones), a line
   * containing `contains` (on `stream`), every line Docker's {"log","stream","time"}, no file above `maxFileSize` bytes.
   */
  | {
    readonly kind: 'json-log'; readonly container: string; readonly files?: number; readonly contains?: string;
    readonly stream?: 'stdout' | 'stderr'; readonly maxFileSize?: number;
  };

/** Checks on the `netTopology` observation; `host` means the lab's host namespace. */
export type NetCheck =
  /** An interface the owner sees: whether it is there, what kind of link it is, an address inside a subnet. */
  | { readonly kind: 'net-interface'; readonly owner: NsOwner; readonly ifname: string; readonly exists: boolean; readonly linkKind?: NetLinkKind; readonly addressIn?: string }
  /** Exactly these interface names, and no others. */
  | { readonly kind: 'net-interfaces'; readonly owner: NsOwner; readonly equals: readonly string[] }
  /** The container's `ifname` is one end of a veth pair whose other end is a port of `bridge` on the host. */
  | { readonly kind: 'veth-on-bridge'; readonly container: string; readonly ifname?: string; readonly bridge: string }
  /** How many host interfaces are ports of the bridge (one veth end per attached container). */
  | { readonly kind: 'bridge-ports'; readonly bridge: string; readonly count: number }
  /** Both see the very same interfaces: names, MACs and addresses. */
  | { readonly kind: 'same-interfaces'; readonly a: NsOwner; readonly b: NsOwner; readonly same: boolean }
  /** The container's `ifname` is a macvlan child of `parent`, a link of the host. */
  | { readonly kind: 'macvlan-parent'; readonly container: string; readonly ifname?: string; readonly parent: string }
  /** A DNAT rule on the host sends `hostPort` (any, when absent) to the container's address and `toPort`. */
  | { readonly kind: 'dnat'; readonly container: string; readonly hostPort?: number; readonly toPort: number };

/** Link kinds as the network panel names them: a veth in a container is its `eth0`. */
export type NetLinkKind = 'lo' | 'bridge' | 'veth' | 'eth0' | 'macvlan' | 'nic';

/**
 * What a `cgroup` check can read. Settings are what the files hold; the
 * window values are over the step's sampling: `cpuFraction` CPU time per
 * wall time, `throttledFraction` throttled periods per period,
 * `usagePerPeriodUs` CPU time per elapsed quota period.
 */
export type CgroupField =
  | 'periodUs' | 'quotaUs' | 'shares' | 'cpus' | 'memoryLimit' | 'memswLimit' | 'blkioWeight'
  | 'cpuFraction' | 'throttledFraction' | 'usagePerPeriodUs' | 'samples' | 'memoryPeak' | 'oomKilled' | 'oomKills';

export type CheckKind = CheckSpec['kind'];

export interface LabStep {
  readonly title: L10n;
  /** Command lines exactly as a learner types them, each starting with `docker`. */
  readonly commands: readonly string[];
  readonly explanation: L10n;
  /** Asked before the step runs; revealed after. */
  readonly predict?: Predict;
  readonly observe: readonly ObservationSpec[];
  readonly checks: readonly CheckSpec[];
  /**
   * A detached container keeps working after `docker run -d` returns. When
   * set, checks that fail are looked at again until they hold or this many
   * milliseconds (kernel time) have passed, as a learner would wait a moment.
   */
  readonly settleMs?: number;
  /**
   * After the commands, the cgroups of these containers are read every
   * 50 ms for `ms` (kernel time) as `cgroup-sample` events: the live CFS
   * and memory pictures, and the window `cgroup` checks judge.
   */
  readonly sample?: { readonly containers: readonly string[]; readonly ms: number };
}

export interface Lab {
  /** Stable, URL-safe. */
  readonly id: string;
  /** The chapter file this lab belongs to (`01-images-and-containers`). */
  readonly chapter: string;
  readonly title: L10n;
  readonly intro: L10n;
  /** Run before the first step, not shown as a step. */
  readonly setup: readonly string[];
  /**
   * Links the lab needs on the host before setup, made in the lab's own host
   * namespace (never the real host's) and deleted at teardown: a veth pair
   * stands in for a NIC, e.g. as a macvlan parent.
   */
  readonly hostLinks?: readonly { readonly kind: 'veth'; readonly name: string; readonly peer: string }[];
  /**
   * Log receivers (a syslog or fluentd server) the lab starts on 127.0.0.1 in its host
   * namespace before setup and stops at teardown, so a container's log driver has somewhere to send.
   */
  readonly receivers?: readonly LogReceiverSpec[];
  readonly steps: readonly LabStep[];
  /**
   * Run after the last step, after a failure and on reset. The runner then
   * also removes any container the lab's engine still has, so teardown holds
   * even when these lines fail.
   */
  readonly teardown: readonly string[];
  /** What running this lab changes on the host, and what teardown gives back. */
  readonly hostChanges: readonly L10n[];
}

export interface LogReceiverSpec {
  /** How steps and checks name it. */
  readonly name: string;
  readonly protocol: 'syslog' | 'fluentd';
  /** fluentd's Forward protocol is TCP only. */
  readonly transport: 'udp' | 'tcp';
  readonly port: number;
}
