import type { CheckSpec, NetCheck, NsOwner } from '../../labs/lab-types.js';
import type { Observation } from '../../labs/observation-types.js';
import type { TopologyNode } from '../network/topology.js';
import { contains, parseCidr, parseIPv4 } from '../network/ipv4.js';
import type { CheckOutcome } from './lab-events.js';

type NetTopology = Extract<Observation, { kind: 'netTopology' }>;

/** Every kind of NetCheck, once: a new kind that is missing here does not compile. */
const NET_CHECK_KINDS: Readonly<Record<NetCheck['kind'], true>> = {
  'net-interface': true, 'net-interfaces': true, 'veth-on-bridge': true, 'bridge-ports': true, 'same-interfaces': true, 'macvlan-parent': true, dnat: true,
};

/** Whether a check reads the `netTopology` observation (and is judged by evaluateNetCheck). */
export function isNetCheck(check: CheckSpec): check is Extract<CheckSpec, NetCheck> {
  return Object.hasOwn(NET_CHECK_KINDS, check.kind);
}

const outcome = (pass: boolean, observed: unknown, expected: unknown): CheckOutcome => ({ pass, observed, expected });

/** The topology namespace node an owner lives in, or null when the container is not running. */
function namespaceOf(o: NetTopology, owner: NsOwner): string | null {
  if (owner === 'host') return 'host';
  return o.containers.find((c) => c.name === owner.container)?.namespace ?? null;
}

/** The interfaces in an owner's namespace, or null when it has none to look at. */
export function interfacesOf(o: NetTopology, owner: NsOwner): TopologyNode[] | null {
  const ns = namespaceOf(o, owner);
  if (ns === null) return null;
  return o.topology.nodes.filter((n) => n.namespace === ns && n.kind !== 'host' && n.kind !== 'netns');
}

const brief = (n: TopologyNode) => ({ name: n.ifname ?? n.label, kind: n.kind, mac: n.mac ?? '', addresses: n.addresses });
const ownerText = (o: NsOwner) => (o === 'host' ? 'host' : o.container);

function inSubnet(addresses: readonly string[], subnet: string): boolean {
  const net = parseCidr(subnet);
  if (!net) return false;
  return addresses.some((a) => {
    const ip = parseIPv4(a.split('/')[0] ?? '');
    return ip !== null && contains(net, ip);
  });
}

/** Judges a network check on one `netTopology` observation. */
export function evaluateNetCheck(check: NetCheck, o: NetTopology): CheckOutcome {
  switch (check.kind) {
    case 'net-interface': {
      const links = interfacesOf(o, check.owner);
      const link = links?.find((n) => n.ifname === check.ifname);
      const ok = links !== null && (link !== undefined) === check.exists
        && (!link || check.linkKind === undefined || link.kind === check.linkKind)
        && (!link || check.addressIn === undefined || inSubnet(link.addresses, check.addressIn));
      return outcome(ok, link ? brief(link) : links === null ? `${ownerText(check.owner)} is not running` : null,
        check.exists ? { name: check.ifname, kind: check.linkKind, addressIn: check.addressIn } : `no ${check.ifname}`);
    }
    case 'net-interfaces': {
      const names = (interfacesOf(o, check.owner) ?? []).map((n) => n.ifname ?? n.label).sort();
      const want = [...check.equals].sort();
      return outcome(names.join(',') === want.join(','), names, want);
    }
    case 'veth-on-bridge': {
      const ifname = check.ifname ?? 'eth0';
      const end = interfacesOf(o, { container: check.container })?.find((n) => n.ifname === ifname);
      const e = o.topology.edges;
      const pair = end ? e.find((x) => x.kind === 'veth' && (x.to === end.id || x.from === end.id)) : undefined;
      const hostEnd = pair ? (pair.to === end?.id ? pair.from : pair.to) : null;
      const master = hostEnd ? e.find((x) => x.kind === 'master' && x.from === hostEnd)?.to ?? null : null;
      const ok = hostEnd !== null && hostEnd.startsWith('host/') && master === `host/${check.bridge}`;
      return outcome(ok, { containerEnd: end?.id ?? null, hostEnd, master }, { hostEnd: 'host/veth…', master: `host/${check.bridge}` });
    }
    case 'macvlan-parent': {
      const ifname = check.ifname ?? 'eth0';
      const child = interfacesOf(o, { container: check.container })?.find((n) => n.ifname === ifname);
      const parent = child ? o.topology.edges.find((x) => x.kind === 'parent' && x.from === child.id)?.to ?? null : null;
      return outcome(child?.kind === 'macvlan' && parent === `host/${check.parent}`, { child: child ? brief(child) : null, parent }, { kind: 'macvlan', parent: `host/${check.parent}` });
    }
    case 'bridge-ports': {
      const ports = o.topology.edges.filter((x) => x.kind === 'master' && x.to === `host/${check.bridge}`).map((x) => x.from.slice('host/'.length)).sort();
      return outcome(ports.length === check.count, ports, `${check.count} ports`);
    }
    case 'same-interfaces': {
      const key = (owner: NsOwner) => (interfacesOf(o, owner) ?? []).map((n) => `${n.ifname}|${n.mac ?? ''}|${[...n.addresses].sort().join(' ')}`).sort();
      const [a, b] = [key(check.a), key(check.b)];
      const equal = a.length > 0 && a.join('\n') === b.join('\n');
      return outcome(equal === check.same, { a, b }, check.same ? 'the same interfaces, MACs and addresses' : 'different interfaces');
    }
    case 'dnat': {
      const addresses = (interfacesOf(o, { container: check.container }) ?? []).filter((n) => n.kind !== 'lo').flatMap((n) => n.addresses.map((a) => a.split('/')[0]));
      const rule = o.topology.rules.find((r) => addresses.includes(r.toAddress) && (r.toPort ?? r.hostPort) === check.toPort && (check.hostPort === undefined || r.hostPort === check.hostPort));
      return outcome(rule !== undefined, rule ? { hostPort: rule.hostPort, to: `${rule.toAddress}:${rule.toPort}` } : { rules: o.topology.rules.length, containerAddresses: addresses },
        { hostPort: check.hostPort ?? 'any', to: `${check.container}:${check.toPort}` });
    }
  }
}
