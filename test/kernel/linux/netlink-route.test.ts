import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { describeRoot, uniqueName } from '../../helpers/host.js';

/** What iproute2 itself reports, read independently of the netlink code under test. */
function ipJson<T>(netnsName: string, args: string[]): T {
  return JSON.parse(execFileSync('/usr/sbin/ip', ['-n', netnsName, '-j', ...args], { encoding: 'utf8' })) as T;
}

describeRoot('links, addresses and routes over rtnetlink (real kernel, inside a test netns)', () => {
  let kernel: Kernel;
  let name: string;
  let netns: string;
  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });
  beforeEach(async () => {
    name = uniqueName('nl');
    netns = await kernel.netnsCreate(name);
  });
  afterEach(async () => {
    await kernel.netnsDelete(name).catch(() => {});
  });

  it('reports the same links, macs, mtus, masters and addresses as ip -d addr show', async () => {
    const where = { netns };
    await kernel.linkSet('lo', { up: true }, where);
    await kernel.linkAdd({ kind: 'bridge', name: 'br0' }, where);
    await kernel.linkAdd({ kind: 'veth', name: 'v0', peer: 'v1' }, where);
    await kernel.linkAdd({ kind: 'macvlan', name: 'mv0', parent: 'v1', mode: 'private' }, where);
    await kernel.linkSet('v0', { master: 'br0', mtu: 1400, mac: '02:42:0a:00:00:07', up: true }, where);
    await kernel.linkSet('br0', { up: true }, where);
    await kernel.addrAdd('br0', '10.233.0.1/24', where);
    const ours = await kernel.links(where);
    const theirs = ipJson<{ ifname: string; ifindex: number; address: string; mtu: number; master?: string; addr_info: { local: string; prefixlen: number }[] }[]>(name, ['-d', 'addr', 'show']);
    expect(ours.map((l) => l.name)).toEqual(theirs.map((l) => l.ifname));
    for (const t of theirs) {
      const o = ours.find((l) => l.name === t.ifname)!;
      expect({ index: o.index, mac: o.mac, mtu: o.mtu, master: o.master, addresses: o.addresses })
        .toEqual({ index: t.ifindex, mac: t.address, mtu: t.mtu, master: t.master ?? null, addresses: t.addr_info.map((a) => `${a.local}/${a.prefixlen}`) });
    }
    expect(ours.find((l) => l.name === 'v0')).toMatchObject({ mtu: 1400, mac: '02:42:0a:00:00:07', master: 'br0', up: true });
    expect(ours.find((l) => l.name === 'mv0')?.kind).toBe('macvlan');
    // An up loopback holds an IPv6 address too, printed the way ip prints it.
    expect(ours.find((l) => l.name === 'lo')?.addresses).toEqual(['127.0.0.1/8', '::1/128']);
  });

  it('detaches from a bridge, takes a link down, and deletes it', async () => {
    const where = { netns };
    await kernel.linkAdd({ kind: 'bridge', name: 'br0' }, where);
    await kernel.linkAdd({ kind: 'veth', name: 'v0', peer: 'v1' }, where);
    await kernel.linkSet('v0', { master: 'br0', up: true }, where);
    await kernel.linkSet('v0', { master: null, up: false }, where);
    expect((await kernel.links(where)).find((l) => l.name === 'v0')).toMatchObject({ master: null, up: false });
    await kernel.linkDelete('v0', where);
    expect((await kernel.links(where)).map((l) => l.name).sort()).toEqual(['br0', 'lo']);
  });

  it('lists routes as ip route show does: the kernel prefix route with scope link, a default via a gateway', async () => {
    const where = { netns };
    await kernel.linkAdd({ kind: 'veth', name: 'v0', peer: 'v1' }, where);
    await kernel.linkSet('v0', { up: true }, where);
    await kernel.linkSet('v1', { up: true }, where);
    await kernel.addrAdd('v0', '10.234.0.2/24', where);
    await kernel.routeAdd({ dst: 'default', via: '10.234.0.1' }, where);
    await kernel.routeAdd({ dst: '10.235.0.9', dev: 'v0' }, where);
    const ours = await kernel.routes(where);
    const theirs = ipJson<{ dst: string; gateway?: string; dev: string; scope?: string }[]>(name, ['route', 'show']);
    expect(ours).toEqual(theirs.map((r) => ({ dst: r.dst, via: r.gateway, dev: r.dev, scope: r.scope ?? 'global' })));
    expect(ours).toEqual(expect.arrayContaining([
      { dst: 'default', via: '10.234.0.1', dev: 'v0', scope: 'global' },
      { dst: '10.234.0.0/24', via: undefined, dev: 'v0', scope: 'link' },
      { dst: '10.235.0.9', via: undefined, dev: 'v0', scope: 'link' },
    ]));
  });

  it('names the call, the link and the errno when the kernel refuses', async () => {
    const where = { netns };
    await kernel.linkAdd({ kind: 'veth', name: 'v0', peer: 'v1' }, where);
    await expect(kernel.linkAdd({ kind: 'veth', name: 'v0', peer: 'v9' }, where))
      .rejects.toMatchObject({ code: 'E_NETLINK', errnoCode: 'EEXIST', message: `link add(v0 (veth, peer v9) in ${netns}): EEXIST` });
    await expect(kernel.linkSet('nope0', { up: true }, where))
      .rejects.toMatchObject({ code: 'E_NETLINK', errnoCode: 'ENODEV', message: `link show(nope0 in ${netns}): ENODEV` });
    await expect(kernel.linkSet('v0', { master: 'nobridge' }, where)).rejects.toMatchObject({ errnoCode: 'ENODEV' });
    await expect(kernel.linkAdd({ kind: 'macvlan', name: 'mv', parent: 'noparent' }, where)).rejects.toMatchObject({ errnoCode: 'ENODEV' });
    await expect(kernel.addrAdd('nope0', '10.0.0.1/24', where)).rejects.toMatchObject({ errnoCode: 'ENODEV' });
    await kernel.addrAdd('v0', '10.236.0.1/24', where);
    await expect(kernel.addrAdd('v0', '10.236.0.1/24', where)).rejects.toMatchObject({ errnoCode: 'EEXIST', message: `addr add(10.236.0.1/24 dev v0 in ${netns}): EEXIST` });
    // v0 is down, so nothing is directly connected: the gateway is unreachable.
    await expect(kernel.routeAdd({ dst: '10.237.0.0/16', via: '10.99.0.1' }, where)).rejects.toMatchObject({ errnoCode: 'ENETUNREACH' });
    await expect(kernel.linkSet('v0', { netns: '/run/netns/dbktest-no-such-netns' }, where)).rejects.toMatchObject({ errnoCode: 'ENOENT' });
    // A refused request changed nothing.
    expect((await kernel.links(where)).map((l) => l.name).sort()).toEqual(['lo', 'v0', 'v1']);
  });

  it('refuses malformed addresses before asking the kernel', async () => {
    const where = { netns };
    await kernel.linkAdd({ kind: 'bridge', name: 'br0' }, where);
    await expect(kernel.addrAdd('br0', '10.0.0.300/24', where)).rejects.toMatchObject({ code: 'E_NETLINK', errnoCode: 'EINVAL' });
    await expect(kernel.addrAdd('br0', '10.0.0.1/33', where)).rejects.toMatchObject({ errnoCode: 'EINVAL' });
    await expect(kernel.linkSet('br0', { mac: 'zz:00' }, where)).rejects.toMatchObject({ errnoCode: 'EINVAL' });
  });

  it('opens its socket in the target namespace and leaves the caller in its own', async () => {
    const own = readlinkSync(`/proc/${process.pid}/task/${process.pid}/ns/net`);
    await kernel.linkAdd({ kind: 'bridge', name: 'dbktestbr0' }, { netns });
    expect(readlinkSync(`/proc/${process.pid}/task/${process.pid}/ns/net`)).toBe(own);
    expect(ipJson<{ ifname: string }[]>(name, ['link', 'show']).map((l) => l.ifname)).toContain('dbktestbr0');
    expect(execFileSync('/usr/sbin/ip', ['-j', 'link', 'show'], { encoding: 'utf8' })).not.toContain('dbktestbr0');
  });
});
