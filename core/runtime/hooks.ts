import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import type { HookName, Spec } from './oci/spec-types.js';
import type { RuntimeState } from './oci/state-types.js';

/**
 * Runs a config.json hook list in order, each with the container's state
 * JSON on stdin (OCI runtime spec, "Lifecycle"). A failing hook fails the
 * operation, except poststop hooks, whose failures are only reported.
 */
export async function runHooks(kernel: Kernel, spec: Spec, name: HookName, state: RuntimeState): Promise<void> {
  for (const hook of spec.hooks?.[name] ?? []) {
    const env = Object.fromEntries((hook.env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    const proc = await kernel.spawn({ argv: [hook.path, ...(hook.args?.slice(1) ?? [])], env, stdio: { kind: 'pipe' } });
    // A hook may exit without reading its input.
    await proc.stdin?.write(JSON.stringify(state)).catch(() => {});
    await proc.stdin?.end().catch(() => {});
    const timeout = hook.timeout ? kernel.sleep(hook.timeout * 1000).then(() => 'timeout' as const) : null;
    const result = await Promise.race([proc.exited, ...(timeout ? [timeout] : [])]);
    if (result === 'timeout') {
      await kernel.kill(proc.pid, 'SIGKILL').catch(() => {});
      if (name !== 'poststop') throw new DockbookError('E_HOOK', `${name} hook ${hook.path} timed out after ${hook.timeout}s`);
      continue;
    }
    if (result.code !== 0 && name !== 'poststop') {
      throw new DockbookError('E_HOOK', `${name} hook ${hook.path} failed: exit ${result.code ?? result.signal}`, { hint: 'see the hook in config.json' });
    }
  }
}
