/** Plain-data types that cross the Kernel boundary. No Node, no DOM. */

export const NAMESPACE_KINDS = ['mnt', 'uts', 'ipc', 'pid', 'net', 'cgroup', 'user'] as const;
export type NamespaceKind = (typeof NAMESPACE_KINDS)[number];

/** A namespace to join, named by a file that refers to it (`/proc/PID/ns/net`, `/run/netns/x`). */
export type NamespacePaths = Partial<Record<NamespaceKind, string>>;

export interface NamespaceSet {
  /** Namespaces to create fresh for the new process. */
  readonly create?: readonly NamespaceKind[];
  /** Existing namespaces to join, applied before `create`. */
  readonly join?: NamespacePaths;
}

/** Namespace identities of a process: the inode number behind each /proc/PID/ns/* link. */
export type NamespaceInodes = Partial<Record<NamespaceKind | 'pid_for_children', number>>;

export type Stdio =
  | { readonly kind: 'pipe' }
  | { readonly kind: 'inherit' }
  | { readonly kind: 'ignore' }
  /** Attach stdin/stdout/stderr to the slave side of a pty the caller opened. */
  | { readonly kind: 'pty'; readonly pty: PtyPair };

export interface SpawnSpec {
  readonly argv: readonly string[];
  /** Full environment; when absent the child gets an empty one (as a container would). */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly namespaces?: NamespaceSet;
  /** Set in the new UTS namespace before the program starts. Requires `create: ['uts']`. */
  readonly hostname?: string;
  readonly stdio?: Stdio;
  /** Extra file descriptors handed to the child as fd 3, 4, … (a sync pipe, a socket). */
  readonly extraFds?: readonly number[];
  /** Survive the caller (its own session, not killed with the parent's group). */
  readonly detached?: boolean;
}

export interface ExitStatus {
  /** Exit code when it exited; null when a signal ended it. */
  readonly code: number | null;
  readonly signal: string | null;
}

/** A byte stream out of a process, readable without Node types. */
export interface ByteSource extends AsyncIterable<Uint8Array> {}

export interface ByteSink {
  write(data: Uint8Array | string): Promise<void>;
  end(): Promise<void>;
}

export interface KernelProcess {
  readonly pid: number;
  readonly stdin: ByteSink | null;
  readonly stdout: ByteSource | null;
  readonly stderr: ByteSource | null;
  /** Resolves once the process has been reaped. */
  readonly exited: Promise<ExitStatus>;
}

export interface PtyPair {
  readonly masterFd: number;
  readonly slaveFd: number;
  readonly slavePath: string;
}

export interface PtyStream {
  readonly source: ByteSource;
  readonly sink: ByteSink;
  /** Closes the master: the terminal's programs get SIGHUP. */
  close(): void;
}

export interface FileStat {
  readonly type: 'file' | 'dir' | 'symlink' | 'char' | 'block' | 'fifo' | 'socket';
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly ino: number;
  readonly dev: number;
  readonly nlink: number;
  readonly mtimeMs: number;
  /** Device number of a char/block node, packed as st_rdev (device-numbers.ts unpacks it). */
  readonly rdev: number;
}

export interface DirEntry {
  readonly name: string;
  readonly type: FileStat['type'] | 'unknown';
}

export const MOUNT_FLAGS = [
  'rdonly', 'nosuid', 'nodev', 'noexec', 'remount', 'bind', 'rec',
  'private', 'slave', 'shared', 'unbindable', 'relatime', 'strictatime', 'noatime', 'move',
] as const;
export type MountFlag = (typeof MOUNT_FLAGS)[number];

export interface MountSpec {
  readonly source: string;
  readonly target: string;
  readonly fstype?: string;
  readonly flags?: readonly MountFlag[];
  /** Filesystem-specific options, e.g. `lowerdir=…,upperdir=…,workdir=…`. */
  readonly data?: string;
}

export interface MountInfo {
  readonly id: number;
  readonly parentId: number;
  readonly root: string;
  readonly mountPoint: string;
  readonly options: readonly string[];
  readonly propagation: readonly string[];
  readonly fstype: string;
  readonly source: string;
  readonly superOptions: readonly string[];
}

export type LinkKind = 'veth' | 'bridge' | 'macvlan' | 'dummy' | 'loopback' | 'other';

export type LinkSpec =
  | { readonly kind: 'veth'; readonly name: string; readonly peer: string }
  | { readonly kind: 'bridge'; readonly name: string }
  | { readonly kind: 'dummy'; readonly name: string }
  | { readonly kind: 'macvlan'; readonly name: string; readonly parent: string; readonly mode?: 'bridge' | 'private' | 'vepa' | 'passthru' };

export interface LinkChange {
  readonly up?: boolean;
  /** Attach to a bridge; null detaches. */
  readonly master?: string | null;
  readonly mac?: string;
  readonly mtu?: number;
  readonly rename?: string;
  /** Move the link into another net namespace (a namespace file path). */
  readonly netns?: string;
}

export interface LinkInfo {
  readonly index: number;
  readonly name: string;
  readonly kind: LinkKind;
  readonly mac: string;
  readonly mtu: number;
  readonly up: boolean;
  readonly master: string | null;
  /** For veth: the peer's ifindex (which may live in another namespace). */
  readonly peerIndex: number | null;
  readonly addresses: readonly string[];
}

export interface RouteSpec {
  /** `default` or a CIDR. */
  readonly dst: string;
  readonly via?: string;
  readonly dev?: string;
}

export interface RouteInfo extends RouteSpec {
  readonly scope: string;
}

/** An IPv4 address and port; port 0 asks the kernel to choose one. */
export interface SocketAddress {
  readonly address: string;
  readonly port: number;
}

/** A bound UDP socket (the embedded DNS server, the UDP side of the port proxy). */
export interface UdpSocket {
  /** Where it is bound, with the port the kernel chose for port 0. */
  readonly local: SocketAddress;
  onMessage(handler: (data: Uint8Array, from: SocketAddress) => void): void;
  send(data: Uint8Array, to: SocketAddress): Promise<void>;
  close(): Promise<void>;
}

/** A listening TCP socket (the userland port proxy). */
export interface TcpListener {
  readonly local: SocketAddress;
  onConnection(handler: (stream: TcpStream) => void): void;
  close(): Promise<void>;
}

/** One TCP connection, either accepted or connected. */
export interface TcpStream {
  readonly local: SocketAddress;
  readonly remote: SocketAddress;
  onData(handler: (data: Uint8Array) => void): void;
  /** The peer finished sending (FIN) or the connection broke. */
  onEnd(handler: () => void): void;
  write(data: Uint8Array): Promise<void>;
  /** Half-closes: sends FIN after what was written. */
  end(): Promise<void>;
  destroy(): void;
}

/** Where a network operation happens: the caller's namespace, or one named by a file. */
export interface NetNsRef {
  readonly netns?: string;
}

export interface UnameInfo {
  readonly sysname: string;
  readonly release: string;
  readonly machine: string;
  readonly nodename: string;
}

export interface DiskSpace {
  readonly totalBytes: number;
  readonly freeBytes: number;
}

/**
 * A container's first process while it is being built. It sits inside its
 * namespaces and performs the calls it is given (`{ init }` on mount, mkdir,
 * pivotRoot, …) until `initExec` turns it into the user's program.
 */
export interface InitRef {
  /** Host pid of the container's first process. */
  readonly pid: number;
  /** Host pid of its shim: the parent that reaps it and records its exit. */
  readonly shimPid: number;
}

/** Names the process that performs a call; absent means the engine itself. */
export interface Within {
  readonly init?: InitRef;
}

/**
 * `openStdin` (docker's `-i`): fd 0 is the read end of a pipe whose write
 * end comes back as the process's `stdin`; otherwise fd 0 is /dev/null.
 */
interface StdinChoice {
  readonly openStdin?: boolean;
}

export type ContainerStdio =
  | { readonly kind: 'inherit' }
  | ({ readonly kind: 'ignore' } & StdinChoice)
  | { readonly kind: 'pipe' }
  /** The container's fd 0, 1, 2 are these descriptors of the caller (a log file, a socket). */
  | { readonly kind: 'fds'; readonly fds: readonly [number, number, number] }
  /** stdout and stderr go, line by line, to a json-file log that the shim writes (so logs survive the engine). */
  | ({ readonly kind: 'json-log'; readonly path: string; readonly maxSize?: number; readonly maxFiles?: number } & StdinChoice)
  /**
   * stdout and stderr go, line by line, to a log receiver the shim dials:
   * from `netns` when given (the engine's stand-in for the host's network, as
   * dockerd dials from the host's), else from the caller's namespace.
   */
  | ({ readonly kind: 'log-driver'; readonly driver: RemoteLogDriver; readonly cache?: LogCache; readonly netns?: string } & StdinChoice);

/** Dual logging: the json-file copy the shim keeps beside a remote driver, so the lines can be read back. */
export interface LogCache {
  readonly path: string;
  /** Bytes before rotation, or -1 for none. */
  readonly maxSize: number;
  readonly maxFiles: number;
}

/**
 * A log driver that sends lines elsewhere. Addresses are `unix:PATH`,
 * `unixgram:PATH`, `udp:IP:PORT` or `tcp:IP:PORT`.
 */
export type RemoteLogDriver =
  | { readonly kind: 'syslog'; readonly address: string; readonly format: string; readonly facility: number; readonly tag: string }
  | {
    readonly kind: 'fluentd'; readonly address: string; readonly tag: string;
    readonly containerId: string; readonly containerName: string; readonly subSecond: boolean;
  };

export interface ContainerProcessSpec {
  /** Namespaces the container's process is born in. */
  readonly create: readonly Exclude<NamespaceKind, 'user'>[];
  /** Namespaces it joins instead (an exec into a running container, a shared netns). */
  readonly join?: Partial<Record<Exclude<NamespaceKind, 'user'>, string>>;
  readonly stdio: ContainerStdio;
  /** Where the shim records the exit status when the process ends. */
  readonly exitFile: string;
  /**
   * What the shim keeps of the container's stdin for a restarted engine
   * (native/shim-keep.c): the pty its init makes (-t), or the write end of
   * the stdin pipe (-i).
   */
  readonly keep?: 'pty' | 'stdin';
}

export interface ContainerProcess extends InitRef {
  readonly stdin: ByteSink | null;
  readonly stdout: ByteSource | null;
  readonly stderr: ByteSource | null;
  /**
   * Resolves when the shim has recorded the exit. Only the process that
   * spawned the shim can await it; others read the exit file.
   */
  readonly exited: Promise<ExitStatus>;
}

export interface Rlimit {
  /** RLIMIT_* resource number. */
  readonly resource: number;
  readonly soft: bigint;
  readonly hard: bigint;
}

export interface CapabilitySets {
  readonly bounding: bigint;
  readonly effective: bigint;
  readonly permitted: bigint;
  readonly inheritable: bigint;
  readonly ambient: bigint;
}

export interface InitExecSpec {
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly cwd: string;
  readonly uid: number;
  readonly gid: number;
  readonly additionalGids: readonly number[];
  readonly capabilities: CapabilitySets;
  readonly noNewPrivileges: boolean;
  readonly rlimits: readonly Rlimit[];
  /**
   * Make a pty, send its master over the console socket, and use the slave
   * as stdio; or, with 'stdin', make the terminal already on fd 0 the
   * controlling one (the engine made the pty and holds its master).
   */
  readonly terminal: boolean | 'stdin';
  readonly umask: number;
}
