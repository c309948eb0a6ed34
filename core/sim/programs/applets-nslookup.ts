import type { DnsReply } from '../../network/dns-wire.js';
import { isIpv4 } from '../net/ipv4.js';
import type { Program } from '../sys.js';
import { dnsQuery, nameservers } from './net-resolve.js';

const RCODES: Record<number, string> = { 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };

/**
 * nslookup NAME [SERVER] — asks the server (else the first nameserver in
 * /etc/resolv.conf) for A and AAAA records over UDP, and prints the
 * answers the way busybox does.
 */
export const nslookup: Program = async (sys) => {
  const args = sys.argv.slice(1).filter((a) => !a.startsWith('-'));
  const [name, serverArg] = args;
  if (!name) {
    await sys.err('BusyBox v1.36.1 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n');
    return 1;
  }
  const server = serverArg ?? nameservers(sys)[0] ?? '127.0.0.1';
  if (!isIpv4(server)) {
    await sys.err(`nslookup: bad address '${server}'\n`);
    return 1;
  }
  const replies: Array<{ type: 'A' | 'AAAA'; r: DnsReply | null }> = [];
  for (const type of ['A', 'AAAA'] as const) replies.push({ type, r: await dnsQuery(sys, server, name, type) });
  let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  if (replies.every((x) => x.r === null)) {
    await sys.out(`${out};; connection timed out; no servers could be reached\n\n`);
    return 1;
  }
  let failed = false;
  for (const { type, r } of replies) {
    if (!r) continue;
    if (r.rcode !== 0) {
      out += `** server can't find ${name}: ${RCODES[r.rcode] ?? `rcode ${r.rcode}`}\n\n`;
      failed = true;
      continue;
    }
    const answers = r.answers.filter((a) => a.type === type);
    if (!answers.length) continue;
    if (!r.authoritative) out += 'Non-authoritative answer:\n';
    for (const a of answers) out += `Name:\t${a.name}\nAddress: ${a.data}\n`;
    out += '\n';
  }
  await sys.out(out);
  return failed ? 1 : 0;
};
