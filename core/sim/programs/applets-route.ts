import { intToIp, prefixLength } from '../net/ipv4.js';
import * as ops from '../net/link-ops.js';
import type { Program } from '../sys.js';

/** route [-n] — the main routing table as busybox prints /proc/net/route (names for 0.0.0.0 unless -n). */
export const route: Program = async (sys) => {
  const numeric = sys.argv.slice(1).includes('-n');
  const rows = ops.routes(sys.proc.ns.net.stack).map((r) => {
    const len = prefixLength(r.dst);
    const dst = r.dst === 'default' ? '0.0.0.0' : r.dst.split('/')[0]!;
    const gw = r.via ?? '0.0.0.0';
    const mask = intToIp(len === 0 ? 0 : 2 ** 32 - 2 ** (32 - len));
    const flags = `U${r.via ? 'G' : ''}${len === 32 ? 'H' : ''}`;
    const name = (ip: string, zero: string): string => (!numeric && ip === '0.0.0.0' ? zero : ip);
    return `${name(dst, 'default').padEnd(15).slice(0, 15)} ${name(gw, '*').padEnd(15).slice(0, 15)} ${mask.padEnd(16)}${flags.padEnd(6)}${'0'.padEnd(6)} ${'0'.padEnd(2)} ${'0'.padStart(7)} ${r.dev ?? ''}\n`;
  });
  await sys.out(`Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n${rows.join('')}`);
  return 0;
};
