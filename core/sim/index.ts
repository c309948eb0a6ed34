/**
 * The simulated kernel: `new SimKernel({ seed })` boots a machine (hybrid
 * cgroups, /proc, /sys, /dev mounted, a host busybox in /bin) and implements
 * Kernel on it. `installBusyboxRootfs(kernel.view, dir)` lays out a rootfs.
 */
export { SimKernel, SIM_RELEASE } from './sim-kernel.js';
export { installBusyboxRootfs } from './busybox-rootfs.js';
export { busyboxImage, isSimBusybox, BUSYBOX_MARKER } from './programs/busybox-image.js';
export { APPLETS } from './programs/applets.js';
export type { MachineOptions } from './machine.js';
export { Machine } from './machine.js';
