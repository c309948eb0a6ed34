import { makedev } from '../../kernel/device-numbers.js';

// The packing itself is the kernel boundary's (glibc's layout): the simulator makes numbers the same way.
export { major, makedev, minor } from '../../kernel/device-numbers.js';

/** The overlay whiteout: a character device numbered 0/0. */
export const WHITEOUT_RDEV = 0;

/**
 * Hands out anonymous device numbers (major 0) the way the kernel does for
 * tmpfs, overlay and other filesystems without a block device.
 */
export class AnonDevAllocator {
  private next: number;

  constructor(firstMinor = 20) {
    this.next = firstMinor;
  }

  allocate(): number {
    return makedev(0, this.next++);
  }
}
