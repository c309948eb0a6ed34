import type { ApiContext } from '../api/api-context.js';
import type { Kernel } from '../kernel/kernel.js';
import type { Endpoint, NetworkRecord } from '../network/network-record.js';
import { readTopology, type NamespaceToRead, type ProxyInfo } from '../network/topology.js';
import type { NetContainer, Observation } from '../../labs/observation-types.js';

/** The engine's own record of attachments: the kernel cannot say which host link a macvlan child hangs off once it moved namespaces. */
async function networkState(kernel: Kernel, root: string): Promise<{ endpoints: Endpoint[]; networks: NetworkRecord[] }> {
  const text = await kernel.readText(`${root}/network/state.json`).catch(() => null);
  if (!text) return { endpoints: [], networks: [] };
  const s = JSON.parse(text) as { endpoints?: Endpoint[]; networks?: NetworkRecord[] };
  return { endpoints: s.endpoints ?? [], networks: s.networks ?? [] };
}

/**
 * The lab machine's network as a graph: "the host" (the sandbox's namespace
 * in a real lab) and one box per distinct net namespace among the running
 * containers. Containers are grouped by the inode of their net namespace, so
 * a `container:` one lands in its target's box because the kernel says they
 * share it, not because the engine's record says so; `host` ones are drawn
 * in the host's box.
 */
export async function observeNetTopology(kernel: Kernel, ctx: ApiContext, hostNetns: string | undefined): Promise<Extract<Observation, { kind: 'netTopology' }>> {
  const running = ctx.engine.list(true).filter((c) => c.State.Running && c.State.Pid > 0)
    .sort((a, b) => a.Created.localeCompare(b.Created) || a.Name.localeCompare(b.Name));
  const boxes = new Map<number, NamespaceToRead>();
  const containers: NetContainer[] = [];
  for (const c of running) {
    const name = c.Name.replace(/^\//, '');
    const mode = c.HostConfig.NetworkMode || 'default';
    const pid = c.State.Pid;
    if (mode === 'host') {
      containers.push({ name, id: c.Id, mode, pid, namespace: 'host' });
      continue;
    }
    const inode = (await kernel.namespacesOf(pid).catch(() => ({} as Record<string, number>)))['net'];
    if (inode === undefined) continue;
    let box = boxes.get(inode);
    if (!box) {
      box = { id: name, path: `/proc/${pid}/ns/net`, label: name, container: name };
      boxes.set(inode, box);
    } else {
      box = { ...box, label: `${box.label} + ${name}` };
      boxes.set(inode, box);
    }
    containers.push({ name, id: c.Id, mode, pid, namespace: `ns:${box.id}` });
  }
  const state = await networkState(kernel, ctx.info.rootDir);
  // The userland proxies live in the engine's own process: only the engine can say where each forwards.
  const service = ctx.engine.networks as { proxyList?: () => ProxyInfo[] };
  const proxies = service.proxyList?.() ?? [];
  const topology = await readTopology({
    kernel, ...(hostNetns ? { hostNetns } : {}), namespaces: [...boxes.values()], endpoints: state.endpoints, networks: state.networks, proxies,
  });
  return { kind: 'netTopology', topology, containers };
}
