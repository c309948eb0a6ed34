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
}
