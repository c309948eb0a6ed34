import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { makeBundle } from '../helpers/bundle.js';
import { describeRoot, readAll, uniqueName } from '../helpers/host.js';
import { lifecycleScenarios } from '../sim/runtime-lifecycle-scenarios.js';

/**
 * The lifecycle scenarios (test/sim/runtime-lifecycle-scenarios.ts) on the
 * real kernel. test/sim/runtime-lifecycle.test.ts runs the very same
 * assertions on SimKernel.
 */
describeRoot('the OCI runtime library (real kernel)', () => {
  let kernel: Kernel;

  beforeAll(async () => {
    const { LinuxKernel } = await import('../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });

  lifecycleScenarios({
    kernel: () => kernel,
    makeRoot: async () => mkdtempSync(join(tmpdir(), 'dbktest-rtroot-')),
    removeRoot: async (root) => rmSync(root, { recursive: true, force: true }),
    makeBundle: async (change) => {
      const b = makeBundle(change);
      return { dir: b.dir, spec: b.spec, remove: async () => b.remove() };
    },
    uniqueId: () => uniqueName('c'),
    readAll,
  });
});
