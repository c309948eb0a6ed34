import type {
  ByteSink, ContainerProcess, ContainerProcessSpec, DirEntry, DiskSpace, FileStat, InitExecSpec, InitRef, KernelProcess,
  LinkChange, LinkInfo, LinkSpec, MountInfo, MountSpec, NamespaceInodes, NamespaceKind, NetNsRef, PtyPair, PtyStream,
  RouteInfo, RouteSpec, SocketAddress, SpawnSpec, TcpListener, TcpStream, UdpSocket, UnameInfo, Within,
} from './types.js';
import type { InitCall, InitCallOutcome } from './init-batch.js';

/** Calls that only make sense inside a container's init (never on the engine's own process). */
export interface InInit {
  readonly init: InitRef;
}

/**
 * The one door to the operating system. Engine code (runtime, storage,
 * network, engine, labs) reaches the host only through this interface, so the
 * same code runs on a real Linux host (`LinuxKernel`) and in a browser worker
 * (`SimKernel`), and every call can be traced and held (`TracingKernel`).
 *
 * Every method is async: a traced call may be held until a learner presses
 * "continue", and a simulated kernel may live behind a worker boundary.
 * Failures reject with a `KernelError` that names the call and its errno.
 */
export interface Kernel {
  readonly kind: 'linux' | 'sim';

  // ── host identity ────────────────────────────────────────────────
  uname(): Promise<UnameInfo>;
  /** Effective uid of the engine itself. */
  euid(): Promise<number>;
  pid(): Promise<number>;
  diskSpace(path: string): Promise<DiskSpace>;

  // ── namespaces ───────────────────────────────────────────────────
  /** The inode numbers of /proc/PID/ns/*: equal numbers mean a shared namespace. */
  namespacesOf(pid: number): Promise<NamespaceInodes>;
  /**
   * A persistent, named network namespace (like `ip netns add`): a file under
   * /run/netns that keeps it alive with no process in it. Returns that path.
   */
  netnsCreate(name: string): Promise<string>;
  netnsDelete(name: string): Promise<void>;
  netnsList(): Promise<string[]>;
  /** Whether a namespace kind can be created by this engine on this host. */
  namespaceSupported(kind: NamespaceKind): Promise<boolean>;

  // ── processes ────────────────────────────────────────────────────
  /** Starts a program, optionally inside new or joined namespaces. */
  spawn(spec: SpawnSpec): Promise<KernelProcess>;
  /** Sends a signal by name (`SIGTERM`) or number. */
  kill(pid: number, signal: string | number): Promise<void>;
  openPty(): Promise<PtyPair>;
  /** Bytes to and from a pty master (what a container with a TTY writes, and its keyboard). */
  ptyStream(masterFd: number): Promise<PtyStream>;
  /** Sets a terminal's window size (TIOCSWINSZ): the program inside gets SIGWINCH and `stty size` shows it. */
  ptyResize(fd: number, rows: number, cols: number): Promise<void>;

  // ── a container's first process, built call by call ─────────────
  /**
   * Starts a shim and, under it, a process born in the given namespaces that
   * waits for instructions. Calls given `{ init }` then run inside it.
   */
  containerSpawn(spec: ContainerProcessSpec): Promise<ContainerProcess>;
  /** Inside the init: opens the exec fifo that `start` will write to (before pivot_root: it is a host path). */
  initOpenExecFifo(init: InitRef, path: string): Promise<void>;
  /** Inside the init: connects to the console socket the pty master will be sent over. */
  initConnectConsole(init: InitRef, socketPath: string): Promise<void>;
  /**
   * Inside the init: opens a pty on the container's own /dev/ptmx (its
   * devpts, so call it after the mounts), makes the slave its stdio and
   * returns the master as a descriptor of the caller. With `console`
   * (a container's first process), the slave is bound there too.
   */
  initOpenPty(init: InitRef, console?: string): Promise<number>;
  /**
   * A copy of what a container's shim keeps of its stdin (ContainerProcessSpec.keep):
   * how an engine that restarted finds a container's terminal or stdin pipe again.
   */
  shimKeptFd(shimPid: number): Promise<number>;
  /** The write end of a pipe as a sink; ending it closes the descriptor. */
  pipeSink(fd: number): Promise<ByteSink>;
  /**
   * Inside the init: sets identity, capabilities and limits, checks the
   * program can be found, then waits on the exec fifo and execs it. Resolves
   * with the program's path once all is ready; the exec itself happens at start.
   */
  initExec(init: InitRef, spec: InitExecSpec): Promise<string>;
  /**
   * Inside the init: runs the calls in order in one exchange instead of one
   * round trip each, stopping after the first failure a call does not
   * tolerate. Each outcome carries its own result or KernelError and timing.
   */
  initBatch(init: InitRef, calls: readonly InitCall[]): Promise<InitCallOutcome[]>;
  /** Writes to an exec fifo: lets a created container's process exec. */
  execFifoRelease(path: string): Promise<void>;
  chdir(path: string, within: InInit): Promise<void>;
  sethostname(name: string, within: InInit): Promise<void>;
  /** Creates namespaces for the calling process itself (the cgroup namespace, once the init sits in its cgroup). */
  unshare(kinds: readonly NamespaceKind[], within: InInit): Promise<void>;
  closeFd(fd: number): Promise<void>;

  // ── mounts ───────────────────────────────────────────────────────
  mount(spec: MountSpec, within?: Within): Promise<void>;
  umount(target: string, opts?: { detach?: boolean } & Within): Promise<void>;
  pivotRoot(newRoot: string, putOld: string, within?: Within): Promise<void>;
  /** The mount table as the given process sees it (/proc/PID/mountinfo). */
  mountTable(pid?: number): Promise<MountInfo[]>;

  // ── files (also how cgroups are read and written) ────────────────
  readFile(path: string): Promise<Uint8Array>;
  readText(path: string): Promise<string>;
  /** With `init`, the write happens inside the container (sysctls under /proc/sys). */
  writeFile(path: string, data: Uint8Array | string, opts?: { mode?: number; append?: boolean } & Within): Promise<void>;
  stat(path: string): Promise<FileStat>;
  lstat(path: string): Promise<FileStat>;
  /** The file type as the init sees it, or null when nothing is there. */
  lookupType(path: string, within: InInit): Promise<FileStat['type'] | null>;
  exists(path: string): Promise<boolean>;
  readdir(path: string): Promise<DirEntry[]>;
  mkdir(path: string, opts?: { recursive?: boolean; mode?: number } & Within): Promise<void>;
  /** Removes a file or an empty directory; `recursive` removes a tree (never crossing a mount). */
  remove(path: string, opts?: { recursive?: boolean; force?: boolean }): Promise<void>;
  /** Removes an empty directory only: the way a cgroup is deleted. */
  rmdir(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  symlink(target: string, path: string, within?: Within): Promise<void>;
  readlink(path: string): Promise<string>;
  /** A hard link (link(2)): `newPath` names the same inode as `existing`, which is not followed if it is a symlink. */
  link(existing: string, newPath: string): Promise<void>;
  /**
   * Sets access and modification times (ms since the epoch) of the path
   * itself, never a symlink's target (lutimes): how unpacked layers keep the
   * times their tar recorded.
   */
  utimes(path: string, atimeMs: number, mtimeMs: number): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  chown(path: string, uid: number, gid: number): Promise<void>;
  mknod(path: string, type: 'char' | 'block' | 'fifo', mode: number, major: number, minor: number, within?: Within): Promise<void>;
  /**
   * Sets an extended attribute on the path itself, never a symlink's target
   * (lsetxattr). Overlay keeps its opaque-directory marker in one:
   * `trusted.overlay.opaque` = "y".
   */
  setxattr(path: string, name: string, value: Uint8Array | string): Promise<void>;
  /** An extended attribute of the path itself (lgetxattr), or null when it is not set. */
  getxattr(path: string, name: string): Promise<Uint8Array | null>;

  /** Random bytes (ids, names, MAC suffixes); seeded and repeatable in the simulator. */
  random(n: number): Uint8Array;
  /** Hex sha256 of bytes (content addressing of blobs and layers). */
  sha256(data: Uint8Array | string): Promise<string>;
  /** Hex sha256 of a file's content, streamed (layers can be large). */
  sha256File(path: string): Promise<string>;

  // ── network links, addresses, routes ─────────────────────────────
  linkAdd(spec: LinkSpec, where?: NetNsRef): Promise<void>;
  linkSet(name: string, change: LinkChange, where?: NetNsRef): Promise<void>;
  linkDelete(name: string, where?: NetNsRef): Promise<void>;
  links(where?: NetNsRef): Promise<LinkInfo[]>;
  addrAdd(link: string, cidr: string, where?: NetNsRef): Promise<void>;
  routeAdd(route: RouteSpec, where?: NetNsRef): Promise<void>;
  routes(where?: NetNsRef): Promise<RouteInfo[]>;

  // ── sockets (the embedded DNS server, the userland port proxy) ───
  /** A UDP socket bound inside a network namespace (the caller's when omitted); EADDRINUSE when taken. */
  udpBind(local: SocketAddress, where?: NetNsRef): Promise<UdpSocket>;
  /** A TCP socket listening inside a network namespace; EADDRINUSE when taken. */
  tcpListen(local: SocketAddress, where?: NetNsRef): Promise<TcpListener>;
  /** A TCP connection made from inside a network namespace; ECONNREFUSED when nothing listens. */
  tcpConnect(remote: SocketAddress, where?: NetNsRef): Promise<TcpStream>;

  // ── clock ────────────────────────────────────────────────────────
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** A monotonic clock in milliseconds, for durations. */
  monotonic(): number;
  sleep(ms: number): Promise<void>;
}

/** Calls that only read the clock: cheap, synchronous and never traced. */
export const UNTRACED_CALLS: ReadonlySet<string> = new Set(['now', 'monotonic', 'kind', 'random']);
