import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { KernelError } from '../../core/kernel/kernel-error.js';
import type { LinkInfo, NetNsRef, RouteInfo } from '../../core/kernel/types.js';
import { readTopology } from '../../core/network/topology.js';

const link = (index: number, name: string, kind: LinkInfo['kind'], more: Partial<LinkInfo> = {}): LinkInfo =>
  ({ index, name, kind, mac: '', mtu: 1500, up: true, master: null, peerIndex: null, addresses: [], ...more });

/** A kernel that only answers links and routes, as the simulator would, and has no nft. */
function fakeKernel(links: Record<string, LinkInfo[]>, routes: Record<string, RouteInfo[]>): Kernel {
  const key = (w?: NetNsRef) => w?.netns ?? 'host';
  const partial: Partial<Kernel> = {
    kind: 'sim',
    links: async (w) => links[key(w)] ?? Promise.reject(new KernelError('ip link', key(w), 'ENOENT')),
    routes: async (w) => routes[key(w)] ?? [],
    spawn: async (spec) => { throw new KernelError('execve', spec.argv[0] ?? '', 'ENOENT'); },
  };
  return partial as Kernel;
}

describe('readTopology (against any Kernel)', () => {
  it('pairs veth ends across namespaces only when each names the other, and notes what it could not read', async () => {
    const kernel = fakeKernel({
      host: [
        link(1, 'lo', 'loopback'),
        link(3, 'dockbook0', 'bridge', { addresses: ['10.87.0.1/16'] }),
        link(7, 'vethaaaaaaa', 'veth', { master: 'dockbook0', peerIndex: 2 }),
        link(9, 'vethbbbbbbb', 'veth', { master: 'dockbook0', peerIndex: 2 }),
      ],
      '/run/netns/a': [link(1, 'lo', 'loopback'), link(2, 'eth0', 'veth', { peerIndex: 7, addresses: ['10.87.0.2/16'] })],
      '/run/netns/b': [link(1, 'lo', 'loopback'), link(2, 'eth0', 'veth', { peerIndex: 9, addresses: ['10.87.0.3/16'] })],
    }, {
      '/run/netns/a': [{ dst: 'default', via: '10.87.0.1', dev: 'eth0', scope: 'global' }],
    });
    const topo = await readTopology({
      kernel,
      namespaces: [{ id: 'a', path: '/run/netns/a' }, { id: 'b', path: '/run/netns/b' }, { id: 'c', path: '/run/netns/c' }],
    });
    expect(topo.edges.filter((e) => e.kind === 'veth')).toEqual([
      { from: 'host/vethaaaaaaa', to: 'ns:a/eth0', kind: 'veth' },
      { from: 'host/vethbbbbbbb', to: 'ns:b/eth0', kind: 'veth' },
    ]);
    expect(topo.edges.filter((e) => e.kind === 'gateway')).toEqual([
      { from: 'ns:a/eth0', to: 'host/dockbook0', kind: 'gateway', label: 'default via 10.87.0.1' },
    ]);
    expect(topo.nodes.filter((n) => n.kind === 'netns').map((n) => n.id)).toEqual(['ns:a', 'ns:b']);
    expect(topo.warnings).toHaveLength(2);
    expect(topo.warnings[0]).toMatch(/namespace c/);
    expect(topo.warnings[1]).toMatch(/nft rules could not be read/);
    // Plain data: it survives a trip through JSON (to a worker, to the UI).
    expect(JSON.parse(JSON.stringify(topo))).toEqual(topo);
  });
});
