import { describe, expect, it } from 'vitest';
import { runRuntimeCommand, type RuntimeIo } from '../../../core/cli/runtime/runtime-commands.js';
import { SimKernel } from '../../../core/sim/sim-kernel.js';

describe('runRuntimeCommand', () => {
  const io: RuntimeIo = { kernel: new SimKernel(), root: '/run/dockbook-runtime', cwd: '/', out: () => {}, warn: () => {} };

  it('points a usage error at dockbook-runtime\'s own help, not dockbook\'s', async () => {
    for (const name of ['create', 'start', 'state', 'kill', 'delete']) {
      await expect(runRuntimeCommand(io, name, [])).rejects.toMatchObject({
        code: 'E_USAGE',
        message: `"${name}" requires at least 1 argument`,
        hint: `see 'dockbook-runtime ${name} --help'`,
      });
    }
  });
});
