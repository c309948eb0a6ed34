import { imagesAndContainers } from './images-and-containers.js';
import type { Lab } from './lab-types.js';
import { layersAndCopyOnWrite } from './layers-and-copy-on-write.js';
import { namespacesLab } from './namespaces.js';
import { networkModesLab } from './network-modes.js';
import { publishingPortsLab } from './publishing-ports.js';
import { volumesLab } from './volumes.js';
import { resourceLimitsLab } from './resource-limits.js';
import { loggingLab } from './logging.js';

export type * from './lab-types.js';
export type * from './observation-types.js';

/** Every lab, in the order of the chapters. */
export const LABS: readonly Lab[] = [imagesAndContainers, layersAndCopyOnWrite, namespacesLab, volumesLab, publishingPortsLab, networkModesLab, resourceLimitsLab, loggingLab];

export function findLab(id: string): Lab | undefined {
  return LABS.find((l) => l.id === id);
}
