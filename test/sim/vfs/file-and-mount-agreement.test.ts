import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { describeRoot } from '../../helpers/host.js';
import { realDriver } from './agreement-drivers.js';
import { cleanHostScratch, hostScratch, simAt } from './agreement-host.js';
import { fileScenario } from './file-scenario.js';
import { mountScenario } from './mount-scenario.js';

describeRoot('simulated files and mounts agree with the real kernel', () => {
  let kernel: Kernel;
  let dir: string;
  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });
  beforeEach(() => { dir = hostScratch('vfs'); });
  afterEach(async () => { await cleanHostScratch(kernel, dir); });

  it('answers every file call with the same value or the same `call(subject): ERRNO`', async () => {
    const real = await fileScenario(realDriver(kernel), dir);
    const sim = await fileScenario(simAt(dir), dir);
    expect(sim).toEqual(real);
  });

  it('builds the same mount table and refuses the same mount calls', async () => {
    const real = await mountScenario(realDriver(kernel), dir);
    const sim = await mountScenario(simAt(dir), dir);
    expect(sim).toEqual(real);
  });
});
