import { execFileSync } from 'node:child_process';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { readAll, uniqueName } from '../../helpers/host.js';

/**
 * Real-kernel network tests build everything inside namespaces of their own:
 * one plays "the host" (bridges, host veth ends, nft tables live there), the
 * others play containers. Deleting the namespaces deletes every link in them,
 * so a failing test still leaves the real host untouched.
 */
export class NetSandbox {
  readonly made: string[] = [];
  hostPath = '';

  constructor(readonly kernel: Kernel) {}

  async start(): Promise<this> {
    this.hostPath = await this.netns('host');
    return this;
  }

  /** A fresh named namespace (`dbktest-<tag>-<pid>-xxxx`); returns its path. */
  async netns(tag: string): Promise<string> {
    const name = uniqueName(tag);
    const path = await this.kernel.netnsCreate(name);
    this.made.push(name);
    return path;
  }

  async cleanup(): Promise<void> {
    for (const name of this.made.splice(0).reverse()) await this.kernel.netnsDelete(name).catch(() => {});
  }

  /** Runs a program inside a namespace and returns its exit code and output. */
  async run(netns: string, argv: string[]): Promise<{ code: number | null; out: string }> {
    const proc = await this.kernel.spawn({ argv, namespaces: { join: { net: netns } }, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
    const [out, err, status] = await Promise.all([readAll(proc.stdout), readAll(proc.stderr), proc.exited]);
    return { code: status.code, out: out + err };
  }

  async ping(netns: string, address: string): Promise<boolean> {
    return (await this.run(netns, ['/bin/busybox', 'ping', '-c1', '-W1', address])).code === 0;
  }
}

/** What `ip -j` says, read independently of the code under test. */
export function ipJson<T>(args: string[], netnsName?: string): T {
  const argv = netnsName ? ['-n', netnsName, '-j', ...args] : ['-j', ...args];
  return JSON.parse(execFileSync('/usr/sbin/ip', argv, { encoding: 'utf8' })) as T;
}

export function netnsNameOf(path: string): string {
  return path.split('/').pop()!;
}

/** Leftovers of this test process: netns names carry our pid, nft tables our marker. */
export function leftovers(): { netns: string[]; links: string[]; tables: string[] } {
  const marker = `-${process.pid}-`;
  const netns = execFileSync('/usr/sbin/ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n')
    .map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith('dbktest') && n.includes(marker));
  const links = ipJson<{ ifname: string }[]>(['link', 'show']).map((l) => l.ifname).filter((n) => n.startsWith('dbk'));
  const tables = execFileSync('/usr/sbin/nft', ['list', 'tables'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('dbktest'));
  return { netns, links, tables };
}

/** IPv4 addresses only: the kernel gives every up interface an IPv6 link-local one as well. */
export function v4(addresses: readonly string[] | undefined): string[] {
  return (addresses ?? []).filter((a) => !a.includes(':'));
}
