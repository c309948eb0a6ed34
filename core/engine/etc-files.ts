import type { Kernel } from '../kernel/kernel.js';
import { EMBEDDED_DNS_ADDRESS } from '../network/embedded-dns.js';

export interface EtcExtras {
  /** On a user-defined network: resolv.conf names the embedded DNS server, as Docker's does. */
  readonly embeddedDns?: boolean;
  /** `--link` entries (legacy): another container's address under its alias and name. */
  readonly extraHosts?: readonly { address: string; names: readonly string[] }[];
}

/**
 * The three files every container gets from the engine rather than its
 * image, bound over the image's own: its name, its hosts table and the DNS
 * servers it should ask — the host's (minus loopback ones it cannot reach)
 * on the default bridge, or the embedded DNS server on a user network.
 */
export async function writeEtcFiles(kernel: Kernel, dir: string, hostname: string, ip: string | null, hostNetwork: boolean, extras: EtcExtras = {}): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const hostsLines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet', 'ff00::0\tip6-mcastprefix', 'ff02::1\tip6-allnodes', 'ff02::2\tip6-allrouters'];
  for (const h of extras.extraHosts ?? []) hostsLines.push(`${h.address}\t${[...new Set(h.names)].join(' ')}`);
  if (ip) hostsLines.push(`${ip}\t${hostname}`);
  const resolv = extras.embeddedDns ? await embeddedResolvConf(kernel) : await hostResolvConf(kernel, hostNetwork);
  const entries: [string, string][] = [['/etc/hosts', `${hostsLines.join('\n')}\n`], ['/etc/resolv.conf', resolv]];
  if (!hostNetwork) entries.push(['/etc/hostname', `${hostname}\n`]);
  for (const [target, content] of entries) {
    const path = `${dir}/${target.slice(5)}`;
    await kernel.writeFile(path, content, { mode: 0o644 });
    files[target] = path;
  }
  return files;
}

/** Docker's file for user networks: the embedded server, the host's search domains, and ndots:0. */
async function embeddedResolvConf(kernel: Kernel): Promise<string> {
  const text = await kernel.readText('/etc/resolv.conf').catch(() => '');
  const search = text.split('\n').filter((l) => /^\s*search\s/.test(l));
  return [`nameserver ${EMBEDDED_DNS_ADDRESS}`, ...search, 'options ndots:0', ''].join('\n');
}

async function hostResolvConf(kernel: Kernel, hostNetwork: boolean): Promise<string> {
  const text = await kernel.readText('/etc/resolv.conf').catch(() => '');
  if (hostNetwork) return text;
  const lines = text.split('\n').filter((l) => !/^\s*nameserver\s+(127\.|::1)/.test(l));
  // Docker falls back to public resolvers when only loopback ones were left; a lab machine has none to reach, so say so instead.
  if (!lines.some((l) => /^\s*nameserver\s/.test(l))) lines.push('# no nameserver reachable from a container on this host');
  return `${lines.filter((l, i, a) => l !== '' || i < a.length - 1).join('\n')}\n`;
}
