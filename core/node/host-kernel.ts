import type { Kernel } from '../kernel/kernel.js';

export type HostKernel = { kernel: Kernel; reason: null } | { kernel: null; reason: string };

/**
 * Loads the Linux kernel binding when this is a Linux host. On any other host
 * (macOS, Windows) loading libc fails, and the caller falls back to the simulator.
 */
export async function loadHostKernel(): Promise<HostKernel> {
  if (process.platform !== 'linux') return { kernel: null, reason: `this host is ${process.platform}, not Linux` };
  try {
    const { LinuxKernel } = await import('../kernel/linux/linux-kernel.js');
    return { kernel: new LinuxKernel(), reason: null };
  } catch (e) {
    return { kernel: null, reason: `the Linux kernel binding did not load (${e instanceof Error ? e.message : String(e)})` };
  }
}
