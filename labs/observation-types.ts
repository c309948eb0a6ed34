/**
 * What an observation captured: plain JSON-safe data, drawn by the UI panels
 * and judged by the checks. The same shapes come from a real run, a recorded
 * run or the simulator.
 */
import type { NamespaceInodes } from '../core/kernel/types.js';
import type { ContainerStateName, WritableEntry } from './lab-types.js';
import type { Topology } from '../core/network/topology.js';

export type { Topology, TopologyEdge, TopologyNode } from '../core/network/topology.js';
export type { DnatRule } from '../core/network/nft-read.js';

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
  | { readonly kind: 'netTopology'; readonly topology: Topology; readonly containers: readonly NetContainer[] };
