import { describe, expect, it } from 'vitest';
import { dnatRulesOf, tablesOf } from '../../core/network/nft-read.js';
import { natRuleset, natTeardown } from '../../core/network/port-rules.js';

const binding = { container: 'c1', hostIp: '', hostPort: 8080, containerPort: 80, proto: 'tcp' as const };

describe('natRuleset', () => {
  it('lays out one table per engine: prerouting and output jump to published, which DNATs each port', () => {
    const text = natRuleset('dockbook', {
      dnat: [
        { binding, containerIp: '10.87.0.2', bridge: 'dockbook0' },
        { binding: { ...binding, hostIp: '127.0.0.1', hostPort: 5353, containerPort: 53, proto: 'udp' }, containerIp: '10.87.0.3' },
      ],
      masquerade: [{ subnet: '10.87.0.0/16', bridge: 'dockbook0' }],
    });
    expect(text.split('\n').slice(0, 3)).toEqual(['table ip dockbook {}', 'delete table ip dockbook', 'table ip dockbook {']);
    expect(text).toContain('type nat hook prerouting priority dstnat; policy accept;\n    fib daddr type local jump published');
    expect(text).toContain('ip daddr != 127.0.0.0/8 fib daddr type local jump published');
    expect(text).toContain('ip saddr 10.87.0.0/16 oifname != "dockbook0" masquerade');
    expect(text).toContain('iifname != "dockbook0" tcp dport 8080 dnat to 10.87.0.2:80 comment "dockbook:c1"');
    expect(text).toContain('ip daddr 127.0.0.1 udp dport 5353 dnat to 10.87.0.3:53');
  });

  it('refuses values that are not what they claim, instead of splicing them into nft text', () => {
    expect(() => natRuleset('x; flush ruleset', { dnat: [], masquerade: [] })).toThrow(/table name/);
    expect(() => natRuleset('t', { dnat: [{ binding, containerIp: '10.0.0.1"; flush ruleset' }], masquerade: [] })).toThrow(/container address/);
    expect(() => natRuleset('t', { dnat: [{ binding, containerIp: '10.0.0.1', bridge: 'a b' }], masquerade: [] })).toThrow(/interface/);
  });

  it('tears down with a create-then-delete, so a missing table is no error', () => {
    expect(natTeardown('dockbook')).toBe('table ip dockbook {}\ndelete table ip dockbook\n');
  });
});

describe('reading nft -j output', () => {
  const listing = JSON.stringify({
    nftables: [
      { metainfo: { version: '1.0.6' } },
      { table: { family: 'ip', name: 'dockbook', handle: 1 } },
      { rule: { family: 'ip', table: 'dockbook', chain: 'prerouting', handle: 5, expr: [{ jump: { target: 'published' } }] } },
      {
        rule: {
          family: 'ip', table: 'dockbook', chain: 'published', handle: 8, comment: 'dockbook:c1',
          expr: [
            { match: { op: '!=', left: { meta: { key: 'iifname' } }, right: 'dockbook0' } },
            { match: { op: '==', left: { payload: { protocol: 'ip', field: 'daddr' } }, right: '127.0.0.1' } },
            { match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: 8080 } },
            { dnat: { addr: '10.87.0.2', port: 80 } },
          ],
        },
      },
    ],
  });

  it('finds the tables and the DNAT rules with what they match and where they send it', () => {
    expect(tablesOf(listing)).toEqual(['ip dockbook']);
    expect(dnatRulesOf(listing)).toEqual([{
      family: 'ip', table: 'dockbook', chain: 'published', handle: 8, proto: 'tcp', hostIp: '127.0.0.1', hostPort: 8080,
      notFrom: 'dockbook0', toAddress: '10.87.0.2', toPort: 80, comment: 'dockbook:c1',
    }]);
  });
});
