import type { Kernel } from '../kernel/kernel.js';
import type { NetNsRef } from '../kernel/types.js';
import { DockbookError } from '../errors.js';
import { nftFailed } from './network-errors.js';
import type { PortBinding } from './port-allocator.js';
import { runProgram } from './run-program.js';

export const NFT = '/usr/sbin/nft';

/** A published port with where its traffic goes. */
export interface DnatEntry {
  readonly binding: PortBinding;
  readonly containerIp: string;
  /** The bridge the container sits on: traffic coming in over it is left to the userland proxy, as Docker does. */
  readonly bridge?: string;
}

/** A network whose containers' outgoing traffic is masqueraded behind the host's address. */
export interface MasqueradeEntry {
  readonly subnet: string;
  readonly bridge: string;
}

export interface NatRules {
  readonly dnat: readonly DnatEntry[];
  readonly masquerade: readonly MasqueradeEntry[];
}

const TABLE_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const IFNAME_RE = /^[A-Za-z0-9_.:@-]{1,15}$/;
const IPV4_RE = /^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/;

function checkTable(table: string): void {
  if (!TABLE_RE.test(table)) {
    throw new DockbookError('E_INVALID_ARGUMENT', `invalid nftables table name: ${table}`, { hint: 'letters, digits and _, starting with a letter' });
  }
}

/** Values spliced into nft text are checked first: the text is a program, not a template for anything. */
function checked(re: RegExp, value: string, what: string): string {
  if (!re.test(value)) throw new DockbookError('E_INVALID_ARGUMENT', `invalid ${what} for an nft rule: ${value}`);
  return value;
}

/**
 * The whole NAT table of one engine as nft text, the way Docker lays out its
 * iptables rules: traffic for a local address (prerouting for packets from
 * outside, output for the host's own, except loopback, which only the proxy
 * can serve) goes through `published`, where each port is DNATed to its
 * container; containers' outgoing traffic is masqueraded. The text first
 * creates and deletes the table, so applying it replaces the old one in a
 * single transaction, with no moment without rules.
 */
export function natRuleset(table: string, rules: NatRules): string {
  checkTable(table);
  const lines: string[] = [
    `table ip ${table} {}`,
    `delete table ip ${table}`,
    `table ip ${table} {`,
    '  chain prerouting {',
    '    type nat hook prerouting priority dstnat; policy accept;',
    '    fib daddr type local jump published',
    '  }',
    '  chain output {',
    // The output hook accepts no symbolic priority in nft 1.0.6; -100 is dstnat.
    '    type nat hook output priority -100; policy accept;',
    '    ip daddr != 127.0.0.0/8 fib daddr type local jump published',
    '  }',
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    ...rules.masquerade.map((m) =>
      `    ip saddr ${checked(IPV4_RE, m.subnet, 'subnet')} oifname != "${checked(IFNAME_RE, m.bridge, 'interface')}" masquerade`),
    '  }',
    '  chain published {',
    ...rules.dnat.map(dnatRule),
    '  }',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

function dnatRule(e: DnatEntry): string {
  const b = e.binding;
  const parts: string[] = [];
  if (e.bridge) parts.push(`iifname != "${checked(IFNAME_RE, e.bridge, 'interface')}"`);
  if (b.hostIp) parts.push(`ip daddr ${checked(IPV4_RE, b.hostIp, 'host address')}`);
  parts.push(`${b.proto} dport ${port(b.hostPort)}`);
  parts.push(`dnat to ${checked(IPV4_RE, e.containerIp, 'container address')}:${port(b.containerPort)}`);
  parts.push(`comment "dockbook:${b.container.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64)}"`);
  return `    ${parts.join(' ')}`;
}

function port(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new DockbookError('E_INVALID_ARGUMENT', `invalid port for an nft rule: ${n}`);
  return n;
}

/** The text that removes the table whether or not it exists (nft 1.0.6 has no `destroy`). */
export function natTeardown(table: string): string {
  checkTable(table);
  return `table ip ${table} {}\ndelete table ip ${table}\n`;
}

/** Loads the ruleset with `nft -f -`, atomically replacing the engine's table. */
export async function applyNatRules(kernel: Kernel, table: string, rules: NatRules, where: NetNsRef = {}): Promise<void> {
  const r = await runProgram(kernel, [NFT, '-f', '-'], { stdin: natRuleset(table, rules), ...where });
  if (r.code !== 0) throw nftFailed(`apply of table ${table}`, r.stderr);
}

export async function removeNatRules(kernel: Kernel, table: string, where: NetNsRef = {}): Promise<void> {
  const r = await runProgram(kernel, [NFT, '-f', '-'], { stdin: natTeardown(table), ...where });
  if (r.code !== 0) throw nftFailed(`removal of table ${table}`, r.stderr);
}
