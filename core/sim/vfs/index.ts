/**
 * The filesystem half of the simulated kernel: in-memory filesystems,
 * overlayfs, mount namespaces and per-process path resolution. SimKernel
 * implements the Kernel's file and mount calls on top of FsView.
 */
export { bootVfs, type BootOptions, type BootedVfs } from './boot.js';
export { AnonDevAllocator, WHITEOUT_RDEV, major, makedev, minor } from './device-numbers.js';
export { DeviceRegistry, type CharDevice } from './devices.js';
export { FsErrno, asCall, fail, type Errno } from './errno.js';
export type { VfsEvent, VfsListener } from './events.js';
export { NO_FAULTS, type SimFaults } from './faults.js';
export type { ContentProvider, CreateSpec, FileSystem, FsNode, NodeType, SetAttr } from './filesystem.js';
export { FsView, type ExecCheck } from './fs-view.js';
export { Inode } from './inode.js';
export { MemFs, type MemFsOptions } from './memfs.js';
export { MountNamespace, crossMounts, type MountIdSource } from './mount-namespace.js';
export { mountInfoText, mountPointsOf, mountTable } from './mount-table.js';
export { DEFAULT_MOUNT_FLAGS, Mount, PeerGroup, type FsContext, type Location, type MountFlags } from './mount.js';
export { OverlayFs } from './overlay/overlay-fs.js';
export { parseOverlayOptions, type OverlayOptions } from './overlay/overlay-options.js';
export { IMPURE_XATTR, OPAQUE_XATTR, ORIGIN_XATTR, UUID_XATTR } from './overlay/whiteout.js';
export { MAY_EXEC, MAY_READ, MAY_WRITE, ROOT_CREDENTIAL, permits, type Credential } from './permissions.js';
export { MAX_SYMLINK_HOPS } from './resolve.js';
export { SeededRandom } from './rng.js';
export { Vfs, type FsFactory, type MemFsSpec, type MountRequest, type VfsOptions } from './vfs.js';
