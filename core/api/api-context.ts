import type { Engine } from '../engine/engine.js';
import type { ImageService } from '../engine/image-service.js';
import type { Kernel } from '../kernel/kernel.js';

export interface ApiContext {
  readonly engine: Engine;
  readonly images: ImageService;
  readonly kernel: Kernel;
  readonly info: {
    readonly rootDir: string; readonly storageDriver: string;
    /** `docker info`'s rows under the storage driver: Backing Filesystem, Supports d_type… */
    readonly driverStatus?: readonly (readonly [string, string])[];
    readonly cgroupVersion: '1' | '2'; readonly cgroupDriver: string };
}

/** The newest API version spoken; clients negotiate down to it from /_ping. */
export const API_VERSION = '1.45';
export const MIN_API_VERSION = '1.24';
