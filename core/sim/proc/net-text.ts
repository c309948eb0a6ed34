import type { NetStack } from '../net/net-stack.js';

/** /proc/net/dev for one network namespace. */
export function netDevText(stack: NetStack): string {
  const head = 'Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';
  const rows = [...stack.links.values()].sort((a, b) => a.index - b.index).map((l) =>
    `${l.name.padStart(6)}: ${String(l.rxBytes).padStart(7)} ${String(l.rxPackets).padStart(7)}    0    0    0     0          0         0 ${String(l.txBytes).padStart(8)} ${String(l.txPackets).padStart(7)}    0    0    0     0       0          0\n`);
  return head + rows.join('');
}
