import type { Kernel } from '../kernel/kernel.js';
import type { Digest } from '../storage/digest.js';
import { imageArchitecture, type ContainerConfig, type HistoryEntry, type ImageConfig } from './image-config.js';

export interface LayerStep {
  readonly tar: Uint8Array;
  /** The history row's CREATED BY for this layer. */
  readonly createdBy: string;
}

/**
 * An image config for layers made here: diff_ids are the tars' digests,
 * one history row per layer, then config-only rows (CMD, ENV) marked
 * empty_layer as Docker marks them.
 */
export async function configForLayers(kernel: Kernel, steps: readonly LayerStep[], opts: {
  readonly created: string;
  readonly config?: ContainerConfig;
  readonly configSteps?: readonly string[];
}): Promise<ImageConfig> {
  const diffIds: Digest[] = [];
  for (const s of steps) diffIds.push(`sha256:${await kernel.sha256(s.tar)}` as Digest);
  const history: HistoryEntry[] = [
    ...steps.map((s) => ({ created: opts.created, created_by: s.createdBy })),
    ...(opts.configSteps ?? []).map((c) => ({ created: opts.created, created_by: c, empty_layer: true })),
  ];
  return {
    created: opts.created,
    architecture: imageArchitecture((await kernel.uname()).machine),
    os: 'linux',
    ...(opts.config ? { config: opts.config } : {}),
    rootfs: { type: 'layers', diff_ids: diffIds },
    history,
  };
}
