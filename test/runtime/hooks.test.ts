import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { runHooks } from '../../core/runtime/hooks.js';
import { defaultSpec } from '../../core/runtime/oci/default-spec.js';
import type { Hook, HookName, Spec } from '../../core/runtime/oci/spec-types.js';
import type { RuntimeState } from '../../core/runtime/oci/state-types.js';
import { describeRoot } from '../helpers/host.js';

describeRoot('config.json hooks, run by the runtime on the host (real kernel)', () => {
  let kernel: Kernel;
  let dir: string;
  const state: RuntimeState = {
    ociVersion: '1.2.0', id: 'dbktest-hooks', status: 'running', pid: 4242, bundle: '/tmp/dbktest-bundle',
    rootfs: '/tmp/dbktest-bundle/rootfs', created: '2026-01-01T00:00:00.000Z', annotations: { 'org.dbktest.a': 'b' },
  };
  const sh = (script: string): Hook => ({ path: '/bin/sh', args: ['sh', '-c', script] });
  const withHooks = (name: HookName, hooks: Hook[]): Spec => ({ ...defaultSpec({ rootPath: 'rootfs' }), hooks: { [name]: hooks } });
  const log = (): string => readFileSync(join(dir, 'log'), 'utf8');

  beforeAll(async () => {
    const { LinuxKernel } = await import('../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'dbktest-hooks-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hands each hook the state JSON on stdin, one after the other in the listed order', async () => {
    const spec = withHooks('poststart', [sh(`cat > ${dir}/state.json; echo first >> ${dir}/log`), sh(`echo second >> ${dir}/log`)]);
    expect(await runHooks(kernel, spec, 'poststart', state)).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toEqual(state);
    expect(log()).toBe('first\nsecond\n');
  });

  it('fails the operation on a failing prestart hook with E_HOOK naming it, and runs no hook after it', async () => {
    const spec = withHooks('prestart', [sh('exit 3'), sh(`echo after >> ${dir}/log`)]);
    await expect(runHooks(kernel, spec, 'prestart', state)).rejects.toMatchObject({ code: 'E_HOOK', message: 'prestart hook /bin/sh failed: exit 3' });
    expect(() => log()).toThrow(/ENOENT/);
  });

  for (const name of ['poststart', 'poststop'] as const) {
    it(`only warns about a failing ${name} hook, and still runs the hooks after it`, async () => {
      const spec = withHooks(name, [sh('exit 5'), { path: `${dir}/no-such-hook` }, sh(`echo after >> ${dir}/log`)]);
      const warnings = await runHooks(kernel, spec, name, state);
      expect(warnings).toEqual([`${name} hook /bin/sh failed: exit 5`, expect.stringMatching(new RegExp(`^${name} hook ${dir}/no-such-hook could not be run: `))]);
      expect(log()).toBe('after\n');
    });
  }

  it('kills a hook that outlives its timeout and says so', async () => {
    const spec = withHooks('createRuntime', [{ ...sh(`echo $$ > ${dir}/pid; exec sleep 30`), timeout: 1 }]);
    await expect(runHooks(kernel, spec, 'createRuntime', state)).rejects.toMatchObject({ code: 'E_HOOK', message: 'createRuntime hook /bin/sh timed out after 1s' });
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    for (let i = 0; i < 100 && (await kernel.exists(`/proc/${pid}`)); i++) await kernel.sleep(10);
    expect(await kernel.exists(`/proc/${pid}`)).toBe(false);
  });
});
