import { fail } from './errno.js';
import { makedev } from './device-numbers.js';

/** What a character device does when read or written whole (the Kernel's file calls have no partial reads). */
export interface CharDevice {
  read(): Uint8Array;
  write(data: Uint8Array): void;
}

/**
 * Drivers for device nodes, keyed by st_rdev. A node whose number has no
 * driver answers ENXIO, as opening such a node does on Linux.
 */
export class DeviceRegistry {
  private readonly drivers = new Map<number, CharDevice>();

  constructor() {
    // /dev/null: the one device engine code writes to (masking, `> /dev/null`).
    this.register(1, 3, { read: () => new Uint8Array(0), write: () => {} });
  }

  register(major: number, minor: number, driver: CharDevice): void {
    this.drivers.set(makedev(major, minor), driver);
  }

  driver(rdev: number): CharDevice {
    return this.drivers.get(rdev) ?? fail('ENXIO');
  }
}
