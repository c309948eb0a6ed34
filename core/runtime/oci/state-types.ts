/**
 * The state a runtime reports for a container (OCI runtime-spec 1.2,
 * runtime.md "State"), as `dockbook-runtime state ID` prints it.
 */

export const CONTAINER_STATUSES = ['creating', 'created', 'running', 'stopped'] as const;
export type ContainerStatus = (typeof CONTAINER_STATUSES)[number];

export interface OciState {
  ociVersion: string;
  id: string;
  status: ContainerStatus;
  /** Required while created or running (the host pid of the container's init); absent once stopped. */
  pid?: number;
  /** Absolute path of the bundle directory. */
  bundle: string;
  annotations?: Record<string, string>;
}

/**
 * What runc prints: the OCI fields plus when the container was created, so
 * tools written against runc (and `docker inspect`-like views) can sort and age
 * containers. runc also prints `rootfs` and `owner`; they are optional here.
 */
export interface RuntimeState extends OciState {
  /** RFC 3339 timestamp with nanoseconds, e.g. 2024-05-01T12:00:00.123456789Z. */
  created: string;
  rootfs?: string;
  owner?: string;
}
