import { busyboxImage } from './busybox-image.js';
import { nft } from './tool-nft.js';
import type { Program } from '../sys.js';
import type { FsView } from '../vfs/index.js';

/**
 * Programs the simulated host has besides busybox, which the engine runs
 * through Kernel.spawn as it would on Linux (nft for the NAT rules). Each is
 * its own file whose bytes name the tool, so busybox's applet list is
 * unchanged and containers do not get them.
 */
export const HOST_TOOLS: Record<string, { readonly path: string; readonly program: Program }> = {
  nft: { path: '/usr/sbin/nft', program: nft },
};

const MARKER = 'DOCKBOOK-SIM-TOOL ';

export function hostToolImage(name: string): Uint8Array {
  const head = busyboxImage().subarray(0, 64 + 56);
  const tag = new TextEncoder().encode(`${MARKER}${name}`);
  const out = new Uint8Array(head.length + tag.length);
  out.set(head);
  out.set(tag, head.length);
  return out;
}

/** The host tool a file's bytes name, if it is one. */
export function hostToolOf(bytes: Uint8Array): Program | null {
  const tag = new TextDecoder().decode(bytes.subarray(64 + 56));
  if (!tag.startsWith(MARKER)) return null;
  return HOST_TOOLS[tag.slice(MARKER.length)]?.program ?? null;
}

export function installHostTools(view: FsView): void {
  for (const [name, t] of Object.entries(HOST_TOOLS)) {
    view.mkdir(t.path.slice(0, t.path.lastIndexOf('/')), { recursive: true, mode: 0o755 });
    view.writeFile(t.path, hostToolImage(name), { mode: 0o755 });
    view.chmod(t.path, 0o755);
  }
}
