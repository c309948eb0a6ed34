import { describe, expect, it } from 'vitest';
import { netnsPlan, parseNetworkMode } from '../../core/network/network-modes.js';
import { checkNewNetworkName, findNetwork, type NetworkRecord } from '../../core/network/network-record.js';

describe('network modes', () => {
  it('reads --network as Docker does', () => {
    expect(parseNetworkMode(undefined)).toEqual({ kind: 'bridge', network: 'bridge' });
    expect(parseNetworkMode('default')).toEqual({ kind: 'bridge', network: 'bridge' });
    expect(parseNetworkMode('host')).toEqual({ kind: 'host' });
    expect(parseNetworkMode('none')).toEqual({ kind: 'none' });
    expect(parseNetworkMode('container:web')).toEqual({ kind: 'container', container: 'web' });
    expect(parseNetworkMode('mynet')).toEqual({ kind: 'bridge', network: 'mynet' });
    expect(() => parseNetworkMode('container:')).toThrow(expect.objectContaining({ code: 'E_INVALID_NETWORK_MODE' }));
  });

  it('plans the net namespace: new, the host\'s, or another container\'s', () => {
    const netnsOf = (c: string) => `/proc/${c === 'web' ? 42 : 0}/ns/net`;
    expect(netnsPlan({ kind: 'none' }, netnsOf)).toEqual({ kind: 'new' });
    expect(netnsPlan({ kind: 'bridge', network: 'bridge' }, netnsOf)).toEqual({ kind: 'new' });
    expect(netnsPlan({ kind: 'host' }, netnsOf)).toEqual({ kind: 'host' });
    expect(netnsPlan({ kind: 'container', container: 'web' }, netnsOf)).toEqual({ kind: 'join', path: '/proc/42/ns/net' });
  });
});

describe('network records', () => {
  const nets: NetworkRecord[] = [
    { id: 'aaaa1111', name: 'bridge', driver: 'bridge', subnet: '10.87.0.0/16', gateway: '10.87.0.1', bridge: 'dockbook0', options: {} },
    { id: 'aabb2222', name: 'web', driver: 'bridge', subnet: '10.86.0.0/24', gateway: '10.86.0.1', options: {} },
  ];

  it('finds a network by name, id or unique id prefix, else E_NETWORK_NOT_FOUND', () => {
    expect(findNetwork(nets, 'web').id).toBe('aabb2222');
    expect(findNetwork(nets, 'aaaa1111').name).toBe('bridge');
    expect(findNetwork(nets, 'aab').name).toBe('web');
    expect(() => findNetwork(nets, 'aa')).toThrow(expect.objectContaining({ code: 'E_NETWORK_NOT_FOUND', message: 'network aa not found' }));
    expect(() => findNetwork(nets, 'nope')).toThrow(expect.objectContaining({ code: 'E_NETWORK_NOT_FOUND' }));
  });

  it('refuses a taken or malformed name', () => {
    expect(() => checkNewNetworkName(nets, 'web')).toThrow(expect.objectContaining({ code: 'E_NETWORK_EXISTS' }));
    expect(() => checkNewNetworkName(nets, '-x')).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    expect(() => checkNewNetworkName(nets, 'backend')).not.toThrow();
  });
});
