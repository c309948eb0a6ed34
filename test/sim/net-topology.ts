import type { Kernel } from '../../core/kernel/kernel.js';

/** Two namespaces on a bridge, as Docker's default network lays them out; names carry a prefix so a real host can hold them. */
export interface BridgeLab {
  readonly bridge: string;
  readonly gateway: string;
  readonly a: { readonly netns: string; readonly ip: string; readonly hostEnd: string };
  readonly b: { readonly netns: string; readonly ip: string; readonly hostEnd: string };
  teardown(): Promise<void>;
}

/**
 * Builds, through the Kernel interface only (so both kernels take the same
 * steps): bridge `<p>br` 10.<n>.0.1/24 up, and two namespaces each with a
 * veth (host end on the bridge, inside end renamed eth0) at .2 and .3, lo
 * up, default route via the bridge.
 */
export async function bridgeLab(k: Kernel, prefix: string, subnet = 77): Promise<BridgeLab> {
  const bridge = `${prefix}br`;
  const made: { ns: string[]; links: string[] } = { ns: [], links: [] };
  const teardown = async (): Promise<void> => {
    for (const l of made.links) await k.linkDelete(l).catch(() => {});
    for (const n of made.ns) await k.netnsDelete(n).catch(() => {});
  };
  try {
    await k.linkAdd({ kind: 'bridge', name: bridge });
    made.links.push(bridge);
    await k.addrAdd(bridge, `10.${subnet}.0.1/24`);
    await k.linkSet(bridge, { up: true });
    const side = async (tag: 'a' | 'b', host: number): Promise<BridgeLab['a']> => {
      const name = `${prefix}${tag}`;
      const netns = await k.netnsCreate(name);
      made.ns.push(name);
      const hostEnd = `${prefix}h${tag}`;
      const inside = `${prefix}c${tag}`;
      await k.linkAdd({ kind: 'veth', name: hostEnd, peer: inside });
      made.links.push(hostEnd);
      await k.linkSet(hostEnd, { master: bridge, up: true });
      await k.linkSet(inside, { netns });
      await k.linkSet(inside, { rename: 'eth0' }, { netns });
      const ip = `10.${subnet}.0.${host}`;
      await k.addrAdd('eth0', `${ip}/24`, { netns });
      await k.linkSet('eth0', { up: true }, { netns });
      await k.linkSet('lo', { up: true }, { netns });
      await k.routeAdd({ dst: 'default', via: `10.${subnet}.0.1` }, { netns });
      return { netns, ip, hostEnd };
    };
    const a = await side('a', 2);
    const b = await side('b', 3);
    return { bridge, gateway: `10.${subnet}.0.1`, a, b, teardown };
  } catch (e) {
    await teardown();
    throw e;
  }
}
