import type { NodeType } from './filesystem.js';

/**
 * What the overlay did on its own behind a plain file call, for the UI to
 * animate. `dev` names the overlay (its st_dev), `path` is inside it.
 */
export type VfsEvent =
  | { readonly type: 'copy-up'; readonly dev: number; readonly path: string; readonly fromLayer: number; readonly size: number; readonly nodeType: NodeType }
  | { readonly type: 'whiteout'; readonly dev: number; readonly path: string }
  | { readonly type: 'opaque'; readonly dev: number; readonly path: string };

export type VfsListener = (event: VfsEvent) => void;

export class VfsEvents {
  private readonly listeners = new Set<VfsListener>();

  on(listener: VfsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: VfsEvent): void {
    for (const l of this.listeners) l(event);
  }
}
