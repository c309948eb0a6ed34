import { AnonDevAllocator } from './device-numbers.js';
import { DeviceRegistry } from './devices.js';
import { fail } from './errno.js';
import { VfsEvents, type VfsEvent, type VfsListener } from './events.js';
import { NO_FAULTS, type SimFaults } from './faults.js';
import type { FileSystem } from './filesystem.js';
import { MemFs } from './memfs.js';
import { MountNamespace, type MountIdSource } from './mount-namespace.js';
import { DEFAULT_MOUNT_FLAGS, Mount, type FsContext, type Location } from './mount.js';
import { createOverlay } from './overlay/overlay-mount.js';
import { SeededRandom } from './rng.js';
import { parseTmpfsOptions } from './tmpfs-options.js';

/** What a filesystem type gets when mount(2) creates a new instance. */
export interface MountRequest {
  readonly vfs: Vfs;
  readonly source: string;
  /** The `data` string (`size=1m`, `lowerdir=…`), '' when none. */
  readonly data: string;
  readonly readOnly: boolean;
  /** Resolves a path as the mounting process sees it: how overlay finds its layers. */
  resolveDir(path: string): Location;
}

/** Makes a filesystem of one type; throws an FsErrno to refuse the mount. */
export type FsFactory = (req: MountRequest) => FileSystem;

export interface VfsOptions {
  /** Wall-clock milliseconds for mtimes. Defaults to a fixed instant: the simulator never reads the real clock. */
  readonly clock?: () => number;
  readonly seed?: number;
  readonly faults?: SimFaults;
  /** RAM the simulated machine claims (tmpfs `size=50%`). */
  readonly memoryBytes?: number;
}

export interface MemFsSpec {
  readonly fstype?: string;
  readonly source?: string;
  /** A packed device number; an anonymous one (0:N) when absent. */
  readonly dev?: number;
  readonly dirSize?: 'tmpfs' | 'block';
  readonly firstIno?: number;
  readonly rootMode?: number;
}

/** A fixed default instant (2024-01-01T00:00:00Z), so runs without a clock are still reproducible. */
const DEFAULT_EPOCH_MS = 1_704_067_200_000;

/**
 * The filesystem half of one simulated machine: filesystem types, device
 * numbers, mount ids, the live process views (which pin mounts), device
 * drivers and the event stream the UI listens to.
 */
export class Vfs implements MountIdSource {
  readonly clock: () => number;
  readonly random: SeededRandom;
  readonly memoryBytes: number;
  readonly devices = new DeviceRegistry();
  faults: SimFaults;
  private readonly events = new VfsEvents();
  private readonly anon = new AnonDevAllocator();
  private readonly types = new Map<string, FsFactory>();
  private readonly liveViews = new Set<FsContext>();
  private mountId = 1;
  private mountSeq = 1;
  private peerGroupId = 1;
  private namespaceId = 0xf0000000;

  constructor(opts: VfsOptions = {}) {
    this.clock = opts.clock ?? (() => DEFAULT_EPOCH_MS);
    this.random = new SeededRandom(opts.seed ?? 1);
    this.faults = opts.faults ?? NO_FAULTS;
    this.memoryBytes = opts.memoryBytes ?? 8 * 2 ** 30;
    this.registerType('tmpfs', (req) => this.tmpfs(req));
    this.registerType('overlay', createOverlay);
  }

  registerType(fstype: string, factory: FsFactory): void {
    this.types.set(fstype, factory);
  }

  factoryFor(fstype: string): FsFactory {
    return this.types.get(fstype) ?? fail('ENODEV');
  }

  allocateAnonDev(): number {
    return this.anon.allocate();
  }

  createMemFs(spec: MemFsSpec = {}): MemFs {
    return new MemFs({
      dev: spec.dev ?? this.allocateAnonDev(),
      fstype: spec.fstype ?? 'tmpfs',
      source: spec.source ?? spec.fstype ?? 'tmpfs',
      clock: this.clock,
      dirSize: spec.dirSize ?? (spec.fstype === undefined || spec.fstype === 'tmpfs' ? 'tmpfs' : 'block'),
      firstIno: spec.firstIno ?? (spec.fstype === undefined || spec.fstype === 'tmpfs' ? 1 : 2),
      rootMode: spec.rootMode,
    });
  }

  /**
   * A namespace whose root is `rootFs`, mounted over an invisible rootfs as
   * on a booted Linux machine.
   */
  createNamespace(rootFs: FileSystem): MountNamespace {
    const rootfs = new MemFs({ dev: this.allocateAnonDev(), fstype: 'rootfs', source: 'rootfs', clock: this.clock });
    const base = new Mount(this.nextMountId(), this.nextMountSeq(), rootfs, rootfs.root(), [], DEFAULT_MOUNT_FLAGS);
    const ns = new MountNamespace(this, base);
    ns.attach(ns.newMount(rootFs, rootFs.root(), [], DEFAULT_MOUNT_FLAGS), { mount: base, node: rootfs.root(), path: [] });
    return ns;
  }

  on(listener: VfsListener): () => void {
    return this.events.on(listener);
  }

  emit(event: VfsEvent): void {
    this.events.emit(event);
  }

  /** Views register while alive: their root and cwd keep mounts busy, and pivot_root moves them. */
  addView(view: FsContext): void {
    this.liveViews.add(view);
  }

  removeView(view: FsContext): void {
    this.liveViews.delete(view);
  }

  views(): Iterable<FsContext> {
    return this.liveViews;
  }

  nextMountId(): number {
    return this.mountId++;
  }

  nextMountSeq(): number {
    return this.mountSeq++;
  }

  nextPeerGroupId(): number {
    return this.peerGroupId++;
  }

  nextNamespaceId(): number {
    return this.namespaceId++;
  }

  private tmpfs(req: MountRequest): FileSystem {
    const o = parseTmpfsOptions(req.data, this.memoryBytes);
    return new MemFs({
      dev: this.allocateAnonDev(), fstype: 'tmpfs', source: req.source || 'none', clock: this.clock,
      dirSize: 'tmpfs', firstIno: 1, rootMode: o.rootMode, rootUid: o.uid, rootGid: o.gid,
      sizeLimit: o.sizeLimit, readOnly: req.readOnly, superOptions: () => o.shown,
    });
  }
}
