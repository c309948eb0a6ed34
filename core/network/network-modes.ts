import type { Kernel } from '../kernel/kernel.js';
import { invalidNetworkMode } from './network-errors.js';

/** `--network` as Docker reads it. */
export type NetworkMode =
  | { readonly kind: 'bridge'; readonly network: string }
  | { readonly kind: 'host' }
  | { readonly kind: 'none' }
  | { readonly kind: 'container'; readonly container: string };

export function parseNetworkMode(text: string | undefined): NetworkMode {
  const mode = text ?? 'default';
  if (mode === '') throw invalidNetworkMode(mode);
  if (mode === 'default' || mode === 'bridge') return { kind: 'bridge', network: 'bridge' };
  if (mode === 'host') return { kind: 'host' };
  if (mode === 'none') return { kind: 'none' };
  if (mode.startsWith('container:')) {
    const container = mode.slice('container:'.length);
    if (!container) throw invalidNetworkMode(mode);
    return { kind: 'container', container };
  }
  // Anything else names a user-defined network (looked up later, so the error can say "not found").
  return { kind: 'bridge', network: mode };
}

/** What the runtime does about the container's net namespace for a mode. */
export type NetnsPlan =
  /** A fresh namespace, then a network attachment (bridge, macvlan) or only `lo` (none). */
  | { readonly kind: 'new' }
  /** No namespace of its own: the host's interfaces, routes and ports. */
  | { readonly kind: 'host' }
  /** Join another container's namespace: same interfaces, same IP and MAC, no new veth. */
  | { readonly kind: 'join'; readonly path: string };

/**
 * `netnsOf` resolves a container reference (name or id) to the net namespace
 * file of its running process, e.g. `/proc/PID/ns/net`.
 */
export function netnsPlan(mode: NetworkMode, netnsOf: (container: string) => string): NetnsPlan {
  switch (mode.kind) {
    case 'host': return { kind: 'host' };
    case 'container': return { kind: 'join', path: netnsOf(mode.container) };
    case 'none':
    case 'bridge': return { kind: 'new' };
  }
}

/** `--network none`: the fresh namespace keeps only its loopback, which starts down. */
export async function setupNone(kernel: Kernel, netnsPath: string): Promise<void> {
  await kernel.linkSet('lo', { up: true }, { netns: netnsPath });
}

/** `--network host`: nothing to build; the container simply shares the engine's namespace. */
export async function setupHost(): Promise<void> {}
