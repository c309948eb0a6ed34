import type { FileSystem, FsNode } from '../filesystem.js';

/** One layer of an overlay: a directory in some other filesystem. */
export interface Layer {
  readonly fs: FileSystem;
  readonly root: FsNode;
  /** 0 for the topmost lower directory, counting down; -1 for the upper one. */
  readonly index: number;
  /** st_dev its non-directories report when not all layers share one filesystem. */
  readonly pseudoDev: number;
}

export interface LayerNode {
  readonly layer: Layer;
  readonly node: FsNode;
}

/**
 * A name in the merged tree (an overlay dentry): the upper object if there is
 * one, and the lower directories merged below it (for a non-directory at most
 * one lower, the one it comes from). Only valid for the overlay generation it
 * was looked up in; the overlay looks it up again when anything changed.
 */
export class OverlayNode implements FsNode {
  constructor(
    readonly fs: FileSystem,
    readonly path: readonly string[],
    readonly parentNode: OverlayNode | null,
    public upper: FsNode | null,
    readonly lowers: readonly LayerNode[],
    readonly stamp: number,
  ) {}

  get name(): string {
    return this.path[this.path.length - 1] ?? '';
  }
}
