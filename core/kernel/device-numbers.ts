/**
 * Device numbers as glibc's makedev()/major()/minor() pack and unpack st_dev
 * and st_rdev (a 12-bit major and a 20-bit minor, each split in two), so that
 * what the engine reads from a real stat and what the simulator makes agree.
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
