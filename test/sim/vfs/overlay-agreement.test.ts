import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { describeRoot } from '../../helpers/host.js';
import { realDriver } from './agreement-drivers.js';
import { cleanHostScratch, differingLabels, hostScratch, simAt } from './agreement-host.js';
import { overlayScenario } from './overlay-scenario.js';

describeRoot('simulated overlayfs agrees with the real kernel', () => {
  let kernel: Kernel;
  let dir: string;
  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });
  beforeEach(() => { dir = hostScratch('ovl'); });
  afterEach(async () => { await cleanHostScratch(kernel, dir); });

  it('observes the same layers, copy-ups, whiteouts, opaque dirs, errors and mount table', async () => {
    const real = await overlayScenario(realDriver(kernel), dir);
    const sim = await overlayScenario(simAt(dir), dir);
    expect(sim).toEqual(real);
  });

  it('catches the deliberate copy-up fault: writing into the lower layer disagrees with the kernel', async () => {
    const real = await overlayScenario(realDriver(kernel), dir);
    const broken = await overlayScenario(simAt(dir, { overlayWriteLowerInPlace: true }), dir);
    expect(differingLabels(broken, real)).toEqual(expect.arrayContaining(['lower b untouched', 'upper b xattrs']));
  });
});
