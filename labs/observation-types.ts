/**
 * What an observation captured: plain JSON-safe data, drawn by the UI panels
 * and judged by the checks. The same shapes come from a real run, a recorded
 * run or the simulator.
 */
import type { NamespaceInodes } from '../core/kernel/types.js';
import type { ContainerStateName, WritableEntry } from './lab-types.js';
import type { Topology } from '../core/network/topology.js';
import type { DnsAnswerRecord } from '../core/network/dns-answer-log.js';

export type { Topology, TopologyEdge, TopologyNode } from '../core/network/topology.js';
export type { DnatRule } from '../core/network/nft-read.js';
export type { DnsAnswerAddress, DnsAnswerRecord } from '../core/network/dns-answer-log.js';

export interface ContainerRow {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly state: Exclude<ContainerStateName, 'absent'> | 'other';
  readonly pid: number;
  readonly exitCode: number;
}

export interface ProcessRow {
  readonly role: 'engine' | 'shim' | 'container';
  /** Pid as the host sees it. */
  readonly pid: number;
  readonly ppid: number;
  /** NSpid from /proc/PID/status: the pid in each nested pid namespace, host first. */
  readonly nsPids: readonly number[];
  readonly name: string;
  readonly cmdline: readonly string[];
}

export interface LayerEntry {
  /** As the container sees it (`/etc/passwd`). */
  readonly path: string;
  readonly type: Exclude<WritableEntry, 'absent'> | 'other';
  readonly size: number;
}

/** Where one path lives: `writable`, `whiteout` (deleted above the image), or image layer indexes (0 = top). */
export interface PathPlacement {
  readonly path: string;
  readonly writable: WritableEntry;
  readonly imageLayers: readonly number[];
}

/** A running container and the topology namespace node it lives in (`host`, or `ns:<name>` of whoever made the namespace). */
export interface NetContainer {
  readonly name: string;
  readonly id: string;
  /** `--network` as given: default, bridge, host, none, container:NAME, a network name. */
  readonly mode: string;
  readonly pid: number;
  readonly namespace: string;
}

export type Observation =
  | { readonly kind: 'containers'; readonly containers: readonly ContainerRow[] }
  | { readonly kind: 'processTree'; readonly container: string; readonly processes: readonly ProcessRow[] }
  | { readonly kind: 'namespaces'; readonly container: string | null; readonly pid: number | null; readonly inodes: NamespaceInodes }
  | {
      readonly kind: 'file'; readonly container: string; readonly path: string; readonly exists: boolean;
      /** At most 4 KiB. */
      readonly content: string;
      /** How it was read: the /proc/PID/root link, or a reader process in the container's mount namespace. */
      readonly via: string;
    }
  | { readonly kind: 'mounts'; readonly container: string; readonly mounts: readonly { mountPoint: string; fstype: string; source: string; options: readonly string[] }[] }
  | {
      readonly kind: 'layers'; readonly container: string; readonly containerId: string | null;
      /** The image's read-only layer directories, top first (overlay's lowerdir). */
      readonly imageLayers: readonly string[];
      /** null once the container (and so its writable layer) is removed. */
      readonly writableLayer: { readonly dir: string; readonly entries: readonly LayerEntry[] } | null;
      /** What `docker diff` lists: A added, C changed, D deleted. */
      readonly changes: readonly { kind: 'A' | 'C' | 'D'; path: string }[];
      readonly size: number;
      readonly imageSize: number;
      readonly virtualSize: number;
      readonly paths: readonly PathPlacement[];
    }
  | { readonly kind: 'hostname'; readonly container: string | null; readonly hostname: string }
  /** The host's and the containers' links, addresses, routes and DNAT rules, as core/network/topology reads them. */
  | { readonly kind: 'netTopology'; readonly topology: Topology; readonly containers: readonly NetContainer[] }
  /** The queries the engine's embedded DNS answered so far (the newest few hundred), oldest first. */
  | { readonly kind: 'dnsAnswers'; readonly answers: readonly DnsAnswerRecord[] }
  | CgroupObservation
  | { readonly kind: 'received'; readonly receiver: ReceiverInfo; readonly lines: readonly ReceivedLine[] }
  | { readonly kind: 'jsonLog'; readonly container: string; readonly files: readonly JsonLogFile[] };

// ── logging ──

/** A log receiver the lab started, and where it listens. */
export interface ReceiverInfo {
  readonly name: string;
  readonly protocol: 'syslog' | 'fluentd';
  readonly transport: 'udp' | 'tcp';
  /** As a --log-opt would name it: `udp://127.0.0.1:514`. */
  readonly address: string;
  /** What arrived but could not be parsed, newest last (at most 20). */
  readonly errors: readonly string[];
}

/** One log line as a receiver got it. */
export interface ReceivedLine {
  /** Order of arrival at this receiver, from 1. */
  readonly seq: number;
  /** What the container printed: syslog's MSG, or the fluentd record's `log`. */
  readonly text: string;
  /** syslog's APP-NAME (Docker's tag) or the fluentd tag. */
  readonly tag: string;
  /** Every parsed field: facility, severity, timestamp, hostname … or time, container_id, container_name, source … */
  readonly fields: Readonly<Record<string, string | number | null>>;
  /** The message as it came (a syslog line; a fluentd entry as JSON). */
  readonly raw: string;
}

/** One file of a json-file log: the live `<id>-json.log` or a rotated `.1`, `.2` … */
export interface JsonLogFile {
  readonly path: string;
  readonly size: number;
  readonly lineCount: number;
  /** The last lines (at most 50), parsed; `log` null when the line is not Docker's JSON. */
  readonly lines: readonly { readonly log: string | null; readonly stream: string | null; readonly time: string | null; readonly raw: string }[];
}

// ── cgroups (resource limits) ──

/** One reading of a container's cgroup: the kernel's cumulative counters at one moment. */
export interface CgroupSample {
  /** Kernel time of the reading, ms since the epoch (virtual time on the simulator). */
  readonly t: number;
  readonly cpu: {
    /** CPU time used, µs (cpuacct.usage on v1, usage_usec on v2). */
    readonly usageUsec: number | null;
    readonly nrPeriods: number;
    readonly nrThrottled: number;
    readonly throttledUsec: number;
  } | null;
  readonly memory: {
    readonly usage: number;
    readonly maxUsage: number | null;
    readonly failcnt: number | null;
    /** Memory + swap in use (v1 memory.memsw.usage_in_bytes), or swap alone on v2 (memory.swap.current). */
    readonly swapUsage: number | null;
    readonly oomKills: number | null;
  } | null;
}

/** What the container's cgroup files say its limits are; null where unset or absent. */
export interface CgroupSettings {
  readonly periodUs: number | null;
  /** -1 or null: no quota. */
  readonly quotaUs: number | null;
  readonly shares: number | null;
  readonly cpus: string | null;
  readonly memoryLimit: number | null;
  readonly memswLimit: number | null;
  /** The proportional I/O weight and the file it lives in (blkio.weight, blkio.bfq.weight, io.weight…). */
  readonly blkioWeight: { readonly file: string; readonly value: string } | null;
}

/** One Docker flag this container used, the files it maps to on each version, and what the file holds now. */
export interface CgroupFlagRow {
  readonly flag: string;
  readonly oci: string;
  readonly ociValue: string;
  readonly v1: readonly { readonly file: string; readonly value: string; readonly fallback?: string }[];
  readonly v2: readonly { readonly file: string; readonly value: string; readonly fallback?: string }[];
  readonly conversionV1: string;
  readonly conversionV2: string;
  /** The file this host uses for it and its content read back after the run, or why there is none. */
  readonly onHost: { readonly file: string; readonly content: string } | { readonly missing: string };
}

export interface CgroupObservation {
  readonly kind: 'cgroup';
  readonly container: string;
  readonly containerId: string | null;
  /** Which cgroup version the engine put it in; null once the cgroup is gone. */
  readonly version: 1 | 2 | null;
  /** The cgroup's directories (per v1 controller, or `unified`). */
  readonly paths: Readonly<Record<string, string>>;
  readonly settings: CgroupSettings | null;
  /** The counters now; null once the cgroup is gone. */
  readonly sample: CgroupSample | null;
  /** Sampled during the step: the first and last readings, and how many there were. */
  readonly window: { readonly first: CgroupSample; readonly last: CgroupSample; readonly count: number; readonly peakMemory: number | null } | null;
  /** Docker's State.OOMKilled. */
  readonly oomKilled: boolean;
  readonly flags: readonly CgroupFlagRow[];
}
