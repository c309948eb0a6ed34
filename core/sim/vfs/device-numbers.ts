/**
 * Device numbers as glibc's makedev() packs them into st_dev/st_rdev, so a
 * simulated stat compares equal with a real one (1:3 is 259, 0:39 is 39).
 * Plain arithmetic instead of bit operators: the packed value outgrows 32 bits.
 */
export function makedev(major: number, minor: number): number {
  return (minor % 256) + (major % 4096) * 256 + Math.floor(minor / 256) * 2 ** 20 + Math.floor(major / 4096) * 2 ** 44;
}

export function major(dev: number): number {
  return (Math.floor(dev / 256) % 4096) + Math.floor(dev / 2 ** 44) * 4096;
}

export function minor(dev: number): number {
  return (dev % 256) + (Math.floor(dev / 2 ** 20) % 2 ** 24) * 256;
}

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
