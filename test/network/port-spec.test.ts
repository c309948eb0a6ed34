import { describe, expect, it } from 'vitest';
import { PortAllocator } from '../../core/network/port-allocator.js';
import { formatPortBinding, parsePortSpec, publishAllExposed } from '../../core/network/port-spec.js';

const one = (hostIp: string, hostPort: number | null, containerPort: number, proto = 'tcp') =>
  ({ hostIp, hostPort, hostPortEnd: hostPort, containerPort, proto });

describe('parsePortSpec', () => {
  it('reads the forms Docker takes', () => {
    expect(parsePortSpec('8080:80')).toEqual([one('', 8080, 80)]);
    expect(parsePortSpec('127.0.0.1:8080:80/tcp')).toEqual([one('127.0.0.1', 8080, 80)]);
    expect(parsePortSpec('80')).toEqual([one('', null, 80)]);
    expect(parsePortSpec('5353:53/udp')).toEqual([one('', 5353, 53, 'udp')]);
    expect(parsePortSpec('53/UDP')).toEqual([one('', null, 53, 'udp')]);
    expect(parsePortSpec('127.0.0.1::80')).toEqual([one('127.0.0.1', null, 80)]);
    expect(parsePortSpec('0.0.0.0:8080:80')).toEqual([one('', 8080, 80)]);
    expect(parsePortSpec('0:80')).toEqual([one('', null, 80)]);
    expect(parsePortSpec('80/')).toEqual([one('', null, 80)]);
  });

  it('expands ranges, and takes a host range for one container port', () => {
    expect(parsePortSpec('8080-8081:80-81')).toEqual([one('', 8080, 80), one('', 8081, 81)]);
    expect(parsePortSpec('8000-8010:80')).toEqual([{ hostIp: '', hostPort: 8000, hostPortEnd: 8010, containerPort: 80, proto: 'tcp' }]);
  });

  it("refuses invalid specs with Docker's messages", () => {
    const cases: [string, string][] = [
      ['8080:abc', 'invalid containerPort: abc'],
      ['abc:80', 'invalid hostPort: abc'],
      ['8080:80/sctpx', 'invalid proto: sctpx'],
      ['1.2.3:8080:80', 'invalid IP address: 1.2.3'],
      ['8080:', 'no port specified: 8080:<empty>'],
      ['', 'no port specified: <empty>'],
      ['70000:80', 'invalid hostPort: 70000'],
      ['8080:0', 'invalid containerPort: 0'],
      ['8080-8082:80-81', 'invalid ranges specified for container and host Ports: 80-81 and 8080-8082'],
      ['81-80', 'invalid containerPort: 81-80'],
    ];
    for (const [spec, message] of cases) {
      expect(() => parsePortSpec(spec), spec).toThrow(expect.objectContaining({ code: 'E_INVALID_PORT_SPEC', message }));
    }
  });

  it('publishes every exposed port on a random host port (-P)', () => {
    expect(publishAllExposed(['80/tcp', '53/udp'])).toEqual([one('', null, 80), one('', null, 53, 'udp')]);
  });

  it('prints a binding as docker port does', () => {
    expect(formatPortBinding({ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8080 })).toBe('80/tcp -> 0.0.0.0:8080');
  });
});

describe('PortAllocator', () => {
  it("refuses a host port another container holds, with Docker's message", () => {
    const ports = new PortAllocator();
    ports.bindAll('c1', parsePortSpec('8080:80'));
    expect(() => ports.bindAll('c2', parsePortSpec('8080:81'))).toThrow(expect.objectContaining({
      code: 'E_PORT_IN_USE', message: 'Bind for 0.0.0.0:8080 failed: port is already allocated',
    }));
    // A specific address clashes with 0.0.0.0; another protocol does not.
    expect(() => ports.bindAll('c2', parsePortSpec('127.0.0.1:8080:81'))).toThrow(expect.objectContaining({ code: 'E_PORT_IN_USE' }));
    expect(ports.bindAll('c2', parsePortSpec('8080:81/udp'))).toHaveLength(1);
  });

  it('binds all of a container\'s ports or none', () => {
    const ports = new PortAllocator();
    ports.bindAll('c1', parsePortSpec('9000:90'));
    expect(() => ports.bindAll('c2', [...parsePortSpec('9001:91'), ...parsePortSpec('9000:90')])).toThrow();
    expect(ports.bindingsOf('c2')).toEqual([]);
    ports.releaseContainer('c1');
    expect(ports.bindAll('c2', parsePortSpec('9000:90'))[0]?.hostPort).toBe(9000);
  });

  it('hands out random ports in turn from the dynamic range, and takes the first free one in a host range', () => {
    const ports = new PortAllocator(undefined, { first: 50000, last: 50002 });
    const got = [1, 2, 3].map((i) => ports.bind(`c${i}`, parsePortSpec('80')[0]!).hostPort);
    expect(got).toEqual([50000, 50001, 50002]);
    expect(() => ports.bind('c4', parsePortSpec('80')[0]!)).toThrow(expect.objectContaining({ code: 'E_PORT_IN_USE' }));
    ports.releaseContainer('c2');
    expect(ports.bind('c5', parsePortSpec('80')[0]!).hostPort).toBe(50001);
    expect(ports.bind('c6', parsePortSpec('50000-50002:81/udp')[0]!).hostPort).toBe(50000);
    ports.releaseContainer('c3');
    expect(ports.bind('c7', parsePortSpec('50000-50002:82')[0]!).hostPort).toBe(50002);
    const restored = new PortAllocator(JSON.parse(JSON.stringify(ports.toJSON())), { first: 50000, last: 50002 });
    expect(restored.bindingsOf('c5')).toEqual(ports.bindingsOf('c5'));
  });
});
