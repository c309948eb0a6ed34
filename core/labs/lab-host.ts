import type { EnginePaths } from '../config.js';
import type { Kernel } from '../kernel/kernel.js';
import type { NetworkHost } from '../network/network-record.js';
import { SimKernel } from '../sim/index.js';
import type { ClockPace } from '../sim/scheduler.js';
import { hex } from '../engine/names.js';

/** In a real-kernel sandbox: the pid of the process that owns it, so a later server can tell a dead one's leftovers. */
export const LAB_OWNER_FILE = 'owner.pid';

/** Where one lab's engine lives, and how to give it all back afterwards. */
export interface LabHost {
  readonly kernel: Kernel;
  readonly paths: EnginePaths;
  readonly networkHost?: NetworkHost;
  /** Removes what the host was given: the state directory, the sandbox netns, a simulated machine. */
  dispose(): Promise<void>;
}

/**
 * A fresh simulated machine with a busybox host: nothing real is touched.
 * `real-time` pace for a learner at a screen (time passes while they read,
 * as on a real host); `free` for headless runs and tests.
 */
export function simLabHost(seed = 1, pace: ClockPace = 'free', machine: { readonly bfq?: boolean } = {}): LabHost {
  const kernel = new SimKernel({ seed, pace, ...machine });
  return {
    kernel,
    paths: { root: '/var/lib/dockbook', run: '/run/dockbook' },
    async dispose() { kernel.shutdown(); },
  };
}

/**
 * A sandbox on the real kernel: engine state under a temporary directory
 * named `<prefix>-<random>` and "the host" side of networking in a network
 * namespace of the same name, so a lab's bridge, veths and firewall rules
 * never touch the host's own links. Cgroups live under /dockbook/<id> as for
 * any container and go with it.
 */
export async function linuxLabHost(kernel: Kernel, prefix: string, tmpDir = '/tmp'): Promise<LabHost> {
  const name = `${prefix}-${hex(kernel.random(4))}`;
  const base = `${tmpDir}/${name}`;
  await kernel.mkdir(base, { recursive: true, mode: 0o700 });
  let netns: string;
  try {
    await kernel.writeFile(`${base}/${LAB_OWNER_FILE}`, `${await kernel.pid()}\n`);
    netns = await kernel.netnsCreate(name);
    // A host's loopback is up: the userland proxy answers on its 127.0.0.1, and the picture shows it up.
    await kernel.linkSet('lo', { up: true }, { netns });
  } catch (e) {
    await removeSandbox(kernel, tmpDir, name);
    throw e;
  }
  return {
    kernel,
    paths: { root: `${base}/root`, run: `${base}/run` },
    networkHost: { kernel, netns },
    dispose: () => removeSandbox(kernel, tmpDir, name),
  };
}

/**
 * Gives back a real-kernel sandbox: whatever is still mounted below it (the engine's teardown
 * unmounts each container's root; this catches the rest), its network namespace, its directory.
 */
export async function removeSandbox(kernel: Kernel, tmpDir: string, name: string): Promise<void> {
  const base = `${tmpDir}/${name}`;
  const stale = (await kernel.mountTable()).filter((m) => m.mountPoint.startsWith(`${base}/`)).sort((a, b) => b.mountPoint.length - a.mountPoint.length);
  for (const m of stale) await kernel.umount(m.mountPoint, { detach: true }).catch(() => {});
  await kernel.netnsDelete(name).catch(() => {});
  await kernel.remove(base, { recursive: true, force: true });
}
