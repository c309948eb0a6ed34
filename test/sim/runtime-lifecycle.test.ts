import { afterAll, describe } from 'vitest';
import { defaultSpec } from '../../core/runtime/oci/default-spec.js';
import { installBusyboxRootfs, SimKernel } from '../../core/sim/index.js';
import { lifecycleScenarios } from './runtime-lifecycle-scenarios.js';
import { readAll } from './sim-helpers.js';

describe('the OCI runtime library, unchanged, on the simulated kernel', () => {
  const kernel = new SimKernel({ seed: 7 });
  let n = 0;
  afterAll(() => kernel.shutdown());
  lifecycleScenarios({
    kernel: () => kernel,
    makeRoot: async () => {
      const root = `/tmp/dbktest-rtroot-${++n}`;
      await kernel.mkdir(root, { recursive: true });
      return root;
    },
    removeRoot: (root) => kernel.remove(root, { recursive: true, force: true }),
    makeBundle: async (change) => {
      const dir = `/tmp/dbktest-bundle-${++n}`;
      installBusyboxRootfs(kernel.view, `${dir}/rootfs`);
      const spec = defaultSpec({ rootPath: `${dir}/rootfs`, terminal: false, readonly: false, hostname: 'dbktest-box' });
      change(spec);
      await kernel.writeFile(`${dir}/config.json`, JSON.stringify(spec, null, 2));
      return { dir, spec, remove: () => kernel.remove(dir, { recursive: true, force: true }) };
    },
    uniqueId: () => `dbktest-c-${++n}`,
    readAll,
  });
});
