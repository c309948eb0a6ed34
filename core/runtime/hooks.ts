import { DockbookError, asDockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import type { KernelProcess } from '../kernel/types.js';
import type { Hook, HookName, Spec } from './oci/spec-types.js';
import type { RuntimeState } from './oci/state-types.js';

/** The container already runs (poststart) or is gone (poststop): a failing hook cannot undo that, so the spec has it only warned about. */
const WARN_ONLY: ReadonlySet<HookName> = new Set(['poststart', 'poststop']);

/**
 * Runs a config.json hook list in order, each with the container's state
 * JSON on stdin (OCI runtime spec, "Lifecycle"). A failing hook fails the
 * operation; a failing poststart or poststop hook becomes a warning and the
 * remaining hooks still run. Returns the warnings, one line each.
 */
export async function runHooks(kernel: Kernel, spec: Spec, name: HookName, state: RuntimeState): Promise<string[]> {
  const warnings: string[] = [];
  for (const hook of spec.hooks?.[name] ?? []) {
    const failure = await runHook(kernel, hook, state);
    if (failure === null) continue;
    const message = `${name} hook ${hook.path} ${failure}`;
    if (!WARN_ONLY.has(name)) throw new DockbookError('E_HOOK', message, { hint: 'see the hook in config.json' });
    warnings.push(message);
  }
  return warnings;
}

/** Null when the hook succeeded, else how it failed. */
async function runHook(kernel: Kernel, hook: Hook, state: RuntimeState): Promise<string | null> {
  const env = Object.fromEntries((hook.env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  let proc: KernelProcess;
  try {
    proc = await kernel.spawn({ argv: [hook.path, ...(hook.args?.slice(1) ?? [])], env, stdio: { kind: 'pipe' } });
  } catch (e) {
    return `could not be run: ${asDockbookError(e).message}`;
  }
  // A hook may exit without reading its input.
  await proc.stdin?.write(JSON.stringify(state)).catch(() => {});
  await proc.stdin?.end().catch(() => {});
  const timeout = hook.timeout ? kernel.sleep(hook.timeout * 1000).then(() => 'timeout' as const) : null;
  const result = await Promise.race([proc.exited, ...(timeout ? [timeout] : [])]);
  if (result === 'timeout') {
    await kernel.kill(proc.pid, 'SIGKILL').catch(() => {});
    return `timed out after ${hook.timeout}s`;
  }
  return result.code === 0 ? null : `failed: exit ${result.code ?? result.signal}`;
}
