import { buildEngine } from '../engine/build-engine.js';
import type { Kernel } from '../kernel/kernel.js';
import { LAB_OWNER_FILE, removeSandbox } from './lab-host.js';

/**
 * A lab server that died (SIGKILL, a crash, the machine's power) leaves its
 * sandbox: containers still running under their shims, their mounts and
 * cgroups, the sandbox's network namespace and state directory. The next
 * server finds each sandbox whose owner is gone and takes it apart with the
 * engine's own code: an engine opened on the sandbox re-adopts what is there,
 * removes every container by force, and the sandbox goes after it.
 * Returns the sandboxes it removed.
 */
export async function sweepStaleLabHosts(kernel: Kernel, prefix: string, tmpDir = '/tmp'): Promise<string[]> {
  const swept: string[] = [];
  const names = (await kernel.readdir(tmpDir).catch(() => [])).filter((e) => e.type === 'dir' && e.name.startsWith(`${prefix}-`)).map((e) => e.name);
  for (const name of names) {
    const base = `${tmpDir}/${name}`;
    const owner = Number((await kernel.readText(`${base}/${LAB_OWNER_FILE}`).catch(() => '')).trim());
    if (owner > 0 && (await kernel.exists(`/proc/${owner}`))) continue;
    // The engine's network side must live in the sandbox's namespace, never the real host's: make it again if it is gone.
    const netns = (await kernel.netnsList()).includes(name) ? `/run/netns/${name}` : await kernel.netnsCreate(name);
    try {
      const { engine } = await buildEngine({ kernel, paths: { root: `${base}/root`, run: `${base}/run` }, networkHost: { kernel, netns } });
      for (const c of engine.list(true)) await engine.remove(c.Id, { force: true, volumes: true }).catch(() => {});
    } finally {
      await removeSandbox(kernel, tmpDir, name);
    }
    swept.push(name);
  }
  return swept;
}
