import { describe, expect, it } from 'vitest';
import { Ipam } from '../../core/network/ipam.js';

describe('Ipam', () => {
  it('gives the gateway the first usable address and endpoints the next ones', () => {
    const ipam = new Ipam();
    expect(ipam.addPool('n1', { subnet: '10.213.0.0/24' })).toMatchObject({ subnet: '10.213.0.0/24', gateway: '10.213.0.1' });
    expect(ipam.allocate('n1')).toEqual({ address: '10.213.0.2', cidr: '10.213.0.2/24', gateway: '10.213.0.1' });
    expect(ipam.allocate('n1').address).toBe('10.213.0.3');
  });

  it('takes a gateway inside the subnet, and skips it when handing out addresses', () => {
    const ipam = new Ipam();
    ipam.addPool('n1', { subnet: '10.213.1.0/29', gateway: '10.213.1.3' });
    expect(['10.213.1.1', '10.213.1.2', '10.213.1.4', '10.213.1.5', '10.213.1.6'].map(() => ipam.allocate('n1').address))
      .toEqual(['10.213.1.1', '10.213.1.2', '10.213.1.4', '10.213.1.5', '10.213.1.6']);
    expect(() => ipam.allocate('n1')).toThrow(expect.objectContaining({ code: 'E_POOL_EXHAUSTED' }));
  });

  it('never hands out an address twice across 50 allocate/release cycles', () => {
    const ipam = new Ipam();
    ipam.addPool('n1', { subnet: '10.213.2.0/24' });
    const kept = ipam.allocate('n1').address;
    const seen: string[] = [];
    for (let i = 0; i < 50; i++) {
      const a = ipam.allocate('n1').address;
      seen.push(a);
      ipam.release('n1', a);
    }
    expect(new Set(seen).size).toBe(50);
    expect(seen).not.toContain(kept);
    expect(seen).not.toContain('10.213.2.1');
    expect(ipam.inUse('n1')).toEqual([kept]);
  });

  it('wraps around to released addresses only once the subnet is used up, and never to a live one', () => {
    const ipam = new Ipam();
    ipam.addPool('n1', { subnet: '10.213.3.0/29' }); // usable .1–.6, gateway .1
    const live = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const a = ipam.allocate('n1').address;
      expect(live.has(a)).toBe(false);
      live.add(a);
      if (live.size === 3) {
        const first = [...live][0]!;
        ipam.release('n1', first);
        live.delete(first);
      }
    }
  });

  it('honours a requested address once, then says it is in use', () => {
    const ipam = new Ipam();
    ipam.addPool('n1', { subnet: '10.213.4.0/24' });
    expect(ipam.allocate('n1', '10.213.4.77').address).toBe('10.213.4.77');
    expect(() => ipam.allocate('n1', '10.213.4.77')).toThrow(expect.objectContaining({ code: 'E_ADDRESS_IN_USE' }));
    expect(() => ipam.allocate('n1', '10.213.4.1')).toThrow(expect.objectContaining({ code: 'E_ADDRESS_IN_USE' }));
    expect(() => ipam.allocate('n1', '10.213.5.3')).toThrow(expect.objectContaining({ code: 'E_INVALID_ADDRESS' }));
  });

  it("refuses overlapping subnets with Docker's wording", () => {
    const ipam = new Ipam();
    ipam.addPool('n1', { subnet: '10.213.0.0/16' });
    for (const subnet of ['10.213.8.0/24', '10.212.0.0/15', '10.213.255.252/30']) {
      expect(() => ipam.addPool('n2', { subnet })).toThrow(expect.objectContaining({
        code: 'E_SUBNET_OVERLAP', message: 'Pool overlaps with other one on this address space',
      }));
    }
    expect(ipam.hasPool('n2')).toBe(false);
    expect(ipam.addPool('n2', { subnet: '10.214.0.0/16' }).gateway).toBe('10.214.0.1');
  });

  it('refuses invalid subnets and gateways', () => {
    const ipam = new Ipam();
    for (const subnet of ['10.213.0.0', '10.213.0.0/33', '10.213.0.5/24', '10.213.0.300/24', 'foo', '10.213.0.0/31']) {
      expect(() => ipam.addPool('n1', { subnet }), subnet).toThrow(expect.objectContaining({ code: 'E_INVALID_SUBNET' }));
    }
    for (const gateway of ['10.214.0.1', '10.213.0.0', '10.213.0.255', 'x']) {
      expect(() => ipam.addPool('n1', { subnet: '10.213.0.0/24', gateway }), gateway).toThrow(expect.objectContaining({
        code: 'E_INVALID_GATEWAY', message: `no matching subnet for gateway ${gateway}`,
      }));
    }
    expect(ipam.hasPool('n1')).toBe(false);
  });

  it('frees a removed network\'s subnet for reuse, and says so for an unknown network', () => {
    const ipam = new Ipam();
    ipam.addPool('n1', { subnet: '10.213.0.0/24' });
    ipam.removePool('n1');
    ipam.addPool('n2', { subnet: '10.213.0.0/24' });
    expect(() => ipam.allocate('n1')).toThrow(expect.objectContaining({ code: 'E_NETWORK_NOT_FOUND' }));
  });

  it('round-trips through plain JSON and carries on where it was', () => {
    const ipam = new Ipam();
    ipam.addPool('n1', { subnet: '10.213.6.0/24' });
    ipam.addPool('n2', { subnet: '10.213.7.0/24', gateway: '10.213.7.254' });
    const a = ipam.allocate('n1').address;
    ipam.allocate('n1');
    ipam.release('n1', a);
    const state = JSON.parse(JSON.stringify(ipam.toJSON()));
    expect(state).toEqual({
      pools: [
        { network: 'n1', subnet: '10.213.6.0/24', gateway: '10.213.6.1', allocated: ['10.213.6.3'], next: '10.213.6.4' },
        { network: 'n2', subnet: '10.213.7.0/24', gateway: '10.213.7.254', allocated: [], next: '10.213.7.1' },
      ],
    });
    const again = Ipam.fromJSON(state);
    expect(again.allocate('n1').address).toBe('10.213.6.4');
    expect(again.toJSON().pools[1]).toEqual(state.pools[1]);
  });

  it('carves a free subnet out of an address space', () => {
    const ipam = new Ipam();
    ipam.addPool('n1', { subnet: '10.86.0.0/24' });
    ipam.addPool('n2', { subnet: '10.86.2.0/23' });
    expect(ipam.freeSubnet('10.86.0.0/16', 24)).toBe('10.86.1.0/24');
    ipam.addPool('n3', { subnet: '10.86.1.0/24' });
    expect(ipam.freeSubnet('10.86.0.0/16', 24)).toBe('10.86.4.0/24');
  });
});
