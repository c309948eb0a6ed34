/**
 * What the engine needs from images and storage, and nothing more: find an
 * image, and give a container a root filesystem made of its layers plus a
 * writable layer of its own.
 */
export interface ImageConfig {
  readonly Env?: string[];
  readonly Cmd?: string[] | null;
  readonly Entrypoint?: string[] | null;
  readonly WorkingDir?: string;
  readonly User?: string;
  readonly ExposedPorts?: Record<string, object>;
  readonly Volumes?: Record<string, object> | null;
  readonly Labels?: Record<string, string> | null;
  readonly StopSignal?: string;
}

export interface ImageSummary {
  /** `sha256:<hex>` of the image config. */
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly created: string;
  readonly size: number;
  readonly config: ImageConfig;
}

export interface ImageService {
  /** The image a reference or id names, or null. */
  find(ref: string): Promise<ImageSummary | null>;
  list(): Promise<ImageSummary[]>;
  /** Makes the container's root filesystem (overlay of the image's layers + a writable layer) and returns its path. */
  mountRootfs(containerId: string, imageId: string): Promise<string>;
  unmountRootfs(containerId: string): Promise<void>;
  /** Removes the container's writable layer (after unmount). */
  removeLayer(containerId: string): Promise<void>;

  /** `docker diff`: what the container's writable layer changed (A added, C changed, D deleted). */
  changes(containerId: string): Promise<{ kind: 'A' | 'C' | 'D'; path: string }[]>;
  /** `docker commit`: the writable layer becomes a new image on top of the container's. */
  commit(containerId: string, imageId: string, opts: { reference?: string; author?: string; comment?: string; createdBy?: string }): Promise<string>;
  /** Writable layer size, and with the image's layers (the books' size vs virtual size). */
  size(containerId: string, imageId: string): Promise<{ size: number; virtualSize: number }>;
  history(ref: string): Promise<{ id: string; created: string; createdBy: string; size: number; comment: string }[]>;
  tag(source: string, target: string): Promise<void>;
  remove(ref: string, force: boolean): Promise<({ untagged: string } | { deleted: string })[]>;
  prune(all: boolean): Promise<{ lines: ({ untagged: string } | { deleted: string })[]; spaceReclaimed: number }>;
  /** `docker save`: a tar in Docker's format (or the OCI image layout). */
  save(refs: readonly string[], format: 'docker' | 'oci'): Promise<Uint8Array>;
  /** `docker load`: every image in a docker-save tar or an OCI layout tar; returns what it named or loaded. */
  load(archive: Uint8Array): Promise<string[]>;
  /** `docker system df`: each layer once (LayersSize), and per image its size and what it shares with others. */
  diskUsage(): Promise<{ layersSize: number; images: readonly { id: string; size: number; sharedSize: number }[] }>;
  /** `docker import`: a root filesystem tar as a one-layer image; returns its id. */
  importTar(archive: Uint8Array, opts: { reference?: string; message?: string; changes?: readonly string[]; source?: string }): Promise<string>;
}
