import type { Kernel } from '../../core/kernel/kernel.js';
import type { NetNsRef } from '../../core/kernel/types.js';

export interface LabSide {
  readonly netns: string;
  readonly ip: string;
  readonly hostEnd: string;
}

/** Two namespaces on a bridge, as Docker's default network lays them out, plus one outside namespace routed through the host. */
export interface BridgeLab {
  readonly bridge: string;
  readonly gateway: string;
  /** The namespace playing the host (undefined: the kernel's own host namespace). */
  readonly host: string | undefined;
  readonly a: LabSide;
  readonly b: LabSide;
  /** Reached from the host over a plain veth (10.<subnet+1>.0.0/24), not through the bridge. */
  readonly outside: LabSide & { readonly hostIp: string };
  teardown(): Promise<void>;
}

export interface LabOptions {
  /** Prefix of the namespaces' names (a real host needs dbktest-…-unique). */
  readonly nsPrefix: string;
  /** Prefix of the links made in the host role's namespace. */
  readonly linkPrefix?: string;
  /** A namespace that plays the host; without it, the kernel's own host namespace does. */
  readonly host?: string;
  readonly subnet?: number;
}

/**
 * Builds, through the Kernel interface only (so both kernels take the same
 * steps): in the host role, bridge `<p>br` 10.<n>.0.1/24, and two
 * namespaces each with a veth (host end on the bridge, inside end renamed
 * eth0) at .2 and .3, lo up, default route via the bridge; and an outside
 * namespace on its own veth, 10.<n+1>.0.2 via 10.<n+1>.0.1.
 */
export async function bridgeLab(k: Kernel, opts: LabOptions): Promise<BridgeLab> {
  const p = opts.linkPrefix ?? '';
  const n = opts.subnet ?? 77;
  const at: NetNsRef = opts.host ? { netns: opts.host } : {};
  const bridge = `${p}br`;
  const made: { ns: string[]; links: string[] } = { ns: [], links: [] };
  const teardown = async (): Promise<void> => {
    for (const l of made.links) await k.linkDelete(l, at).catch(() => {});
    for (const name of made.ns) await k.netnsDelete(name).catch(() => {});
  };
  const side = async (tag: string, hostEnd: string, ip: string, gateway: string): Promise<LabSide> => {
    const name = `${opts.nsPrefix}${tag}`;
    const netns = await k.netnsCreate(name);
    made.ns.push(name);
    const inside = `${p}c${tag}`;
    await k.linkAdd({ kind: 'veth', name: hostEnd, peer: inside }, at);
    made.links.push(hostEnd);
    await k.linkSet(inside, { netns }, at);
    await k.linkSet(inside, { rename: 'eth0' }, { netns });
    await k.addrAdd('eth0', `${ip}/24`, { netns });
    await k.linkSet('eth0', { up: true }, { netns });
    await k.linkSet('lo', { up: true }, { netns });
    await k.routeAdd({ dst: 'default', via: gateway }, { netns });
    return { netns, ip, hostEnd };
  };
  try {
    if (opts.host) await k.linkSet('lo', { up: true }, at);
    await k.linkAdd({ kind: 'bridge', name: bridge }, at);
    made.links.push(bridge);
    await k.addrAdd(bridge, `10.${n}.0.1/24`, at);
    await k.linkSet(bridge, { up: true }, at);
    const onBridge = async (tag: 'a' | 'b', host: number): Promise<LabSide> => {
      const s = await side(tag, `${p}h${tag}`, `10.${n}.0.${host}`, `10.${n}.0.1`);
      await k.linkSet(s.hostEnd, { master: bridge, up: true }, at);
      return s;
    };
    const a = await onBridge('a', 2);
    const b = await onBridge('b', 3);
    const hostIp = `10.${n + 1}.0.1`;
    const out = await side('o', `${p}ho`, `10.${n + 1}.0.2`, hostIp).catch(async (e) => { throw e; });
    await k.addrAdd(out.hostEnd, `${hostIp}/24`, at);
    await k.linkSet(out.hostEnd, { up: true }, at);
    return { bridge, gateway: `10.${n}.0.1`, host: opts.host, a, b, outside: { ...out, hostIp }, teardown };
  } catch (e) {
    await teardown();
    throw e;
  }
}

/** A LAN namespace on a veth whose host end is the parent of two macvlan children, each in its own namespace. */
export interface MacvlanLab {
  readonly host: string | undefined;
  readonly parent: string;
  readonly hostIp: string;
  readonly lan: { readonly netns: string; readonly ip: string };
  readonly c1: { readonly netns: string; readonly ip: string };
  readonly c2: { readonly netns: string; readonly ip: string };
  teardown(): Promise<void>;
}

/**
 * In the host role: veth `<p>mp` (10.<n>.0.1/24) whose peer is eth0 of the
 * lan namespace (.9); macvlan children of `<p>mp` in bridge mode moved into
 * c1 (.2) and c2 (.3) as eth0 — Docker's macvlan network on a parent link.
 */
export async function macvlanLab(k: Kernel, opts: LabOptions): Promise<MacvlanLab> {
  const p = opts.linkPrefix ?? '';
  const n = opts.subnet ?? 50;
  const at: NetNsRef = opts.host ? { netns: opts.host } : {};
  const parent = `${p}mp`;
  const made: string[] = [];
  const teardown = async (): Promise<void> => {
    await k.linkDelete(parent, at).catch(() => {});
    for (const name of made) await k.netnsDelete(name).catch(() => {});
  };
  const ns = async (tag: string): Promise<string> => {
    const name = `${opts.nsPrefix}${tag}`;
    const path = await k.netnsCreate(name);
    made.push(name);
    await k.linkSet('lo', { up: true }, { netns: path });
    return path;
  };
  const configure = async (netns: string, link: string, ip: string): Promise<void> => {
    await k.linkSet(link, { netns }, at);
    await k.linkSet(link, { rename: 'eth0' }, { netns });
    await k.addrAdd('eth0', `${ip}/24`, { netns });
    await k.linkSet('eth0', { up: true }, { netns });
  };
  try {
    await k.linkAdd({ kind: 'veth', name: parent, peer: `${p}ml` }, at);
    await k.addrAdd(parent, `10.${n}.0.1/24`, at);
    await k.linkSet(parent, { up: true }, at);
    const lan = { netns: await ns('lan'), ip: `10.${n}.0.9` };
    await configure(lan.netns, `${p}ml`, lan.ip);
    const child = async (tag: string, host: number): Promise<{ netns: string; ip: string }> => {
      const c = { netns: await ns(tag), ip: `10.${n}.0.${host}` };
      await k.linkAdd({ kind: 'macvlan', name: `${p}mv${tag}`, parent, mode: 'bridge' }, at);
      await configure(c.netns, `${p}mv${tag}`, c.ip);
      return c;
    };
    const c1 = await child('c1', 2);
    const c2 = await child('c2', 3);
    return { host: opts.host, parent, hostIp: `10.${n}.0.1`, lan, c1, c2, teardown };
  } catch (e) {
    await teardown();
    throw e;
  }
}
