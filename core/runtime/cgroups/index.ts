/** The cgroup manager of the OCI runtime: limits, stats, freezing and cleanup for a container's cgroup. */
export type { AppliedWrite, CgroupManager, CgroupStats, MemoryStats, PidsStats } from './manager.js';
export type * from './resources.js';
export type { CpuStats } from './cpu-stat.js';
export type { MemoryStatBits } from './memory-stat.js';
export { chooseCgroupManager, chooseCgroupVersion, probeCgroupLayout, type CgroupChoice } from './choose.js';
export { V1CgroupManager, V1_CONTROLLERS } from './v1-manager.js';
export { V2CgroupManager } from './v2-manager.js';
export { V2_CONTROLLERS } from './v2-subtree.js';
export { FLAG_TABLE, flagTableFor, type FlagMapping, type FlagTableRow, type PlannedWrite } from './flag-table.js';
export { planWrites, type FlaggedWrite } from './plan.js';
export { validateResources } from './validate.js';
export * from './conversions.js';
export { parseCpuStatV1, parseCpuStatV2 } from './cpu-stat.js';
export { parseMemoryStatV1, parseMemoryStatV2, parseOomKills } from './memory-stat.js';
export { cgroupLayout, type CgroupHierarchy, type CgroupLayout } from './layout.js';
