/** One line of `docker diff`: A added, C changed, D deleted, with the path as the container sees it. */
export interface Change {
  readonly kind: 'A' | 'C' | 'D';
  readonly path: string;
}

export function formatChanges(changes: readonly Change[]): string {
  return changes.map((c) => `${c.kind} ${c.path}`).join('\n');
}

/**
 * How a container's root filesystem is made from an image's read-only
 * layers plus a writable layer of its own, and how that writable layer is
 * read back (diff, commit, size). `overlay` is what Docker uses; `copy` is
 * the fallback where overlayfs is unavailable (as Docker's `vfs`).
 */
export interface GraphDriver {
  readonly name: 'overlay' | 'copy';
  /** Makes the writable layer of a container over these layer directories (top first). */
  create(containerId: string, lowerDirs: readonly string[]): Promise<void>;
  /** Makes the merged root filesystem available and returns its path. */
  mount(containerId: string): Promise<string>;
  unmount(containerId: string): Promise<void>;
  /** Unmounts if needed and deletes the writable layer. */
  remove(containerId: string): Promise<void>;
  /** `docker diff`. */
  changes(containerId: string): Promise<Change[]>;
  /** The writable layer as a layer tar (whiteouts for deletions): what commit stores. */
  diffTar(containerId: string): Promise<Uint8Array>;
  /** Bytes of file content in the writable layer: the container's SIZE. */
  size(containerId: string): Promise<number>;
}
