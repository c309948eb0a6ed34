import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kernel } from '../../../core/kernel/kernel.js';
import type { SimFaults } from '../../../core/sim/vfs/index.js';
import { simDriver, type FsDriver } from './agreement-drivers.js';
import type { Observation } from './overlay-scenario.js';
import { boot } from './sim-helpers.js';

/** A scratch directory on the real host, named so leftovers are recognisable. */
export function hostScratch(tag: string): string {
  return mkdtempSync(join(tmpdir(), `dbktest-${tag}-`));
}

/** Unmounts everything at or under `dir` (deepest first), then deletes it. */
export async function cleanHostScratch(kernel: Kernel, dir: string): Promise<void> {
  const inside = (await kernel.mountTable()).filter((m) => m.mountPoint === dir || m.mountPoint.startsWith(`${dir}/`));
  for (const m of inside.reverse()) await kernel.umount(m.mountPoint, { detach: true }).catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}

/** A simulator with the same absolute directory, so both worlds run the scenario on identical paths. */
export function simAt(dir: string, faults: SimFaults = {}): FsDriver {
  const { init } = boot({ faults });
  init.mkdir(dir, { recursive: true });
  return simDriver(init);
}

/** Labels whose values differ between two observations of the same scenario. */
export function differingLabels(a: Observation, b: Observation): string[] {
  const other = new Map(b.map(([k, v]) => [k, JSON.stringify(v)]));
  return a.filter(([k, v]) => other.get(k) !== JSON.stringify(v)).map(([k]) => k);
}
