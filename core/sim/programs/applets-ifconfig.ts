import { intToIp } from '../net/ipv4.js';
import { operational } from '../net/l2.js';
import type { Link } from '../net/net-stack.js';
import type { Program } from '../sys.js';

/** busybox's "266 (266.0 B)": whole units of 1024 and one decimal. */
function scaled(n: number): string {
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti'];
  let int = n;
  let frac = 0;
  let i = 0;
  while (int >= 1024 && i < 4) {
    frac = Math.floor(((int % 1024) * 10) / 1024);
    int = Math.floor(int / 1024);
    i++;
  }
  return `${n} (${int}.${frac} ${units[i]}B)`;
}

function block(l: Link): string {
  const loop = l.kind === 'loopback';
  const lines = [`${l.name.padEnd(10)}Link encap:${loop ? 'Local Loopback  ' : `Ethernet  HWaddr ${l.mac.toUpperCase()}  `}`];
  const first = l.addresses[0];
  if (first) {
    const [ip, len] = first.split('/') as [string, string];
    const mask = intToIp(Number(len) === 0 ? 0 : (2 ** 32 - 2 ** (32 - Number(len))));
    // The engine adds addresses without a broadcast address, so busybox shows 0.0.0.0 as on the real host.
    lines.push(`          inet addr:${ip}  ${loop ? '' : 'Bcast:0.0.0.0  '}Mask:${mask}`);
  }
  const flags = [l.up ? 'UP' : '', loop ? 'LOOPBACK' : 'BROADCAST', operational(l) ? 'RUNNING' : '', loop ? '' : 'MULTICAST'].filter(Boolean).join(' ');
  lines.push(
    `          ${flags}  MTU:${l.mtu}  Metric:1`,
    `          RX packets:${l.rxPackets} errors:0 dropped:0 overruns:0 frame:0`,
    `          TX packets:${l.txPackets} errors:0 dropped:0 overruns:0 carrier:0`,
    '          collisions:0 txqueuelen:1000 ',
    `          RX bytes:${scaled(l.rxBytes)}  TX bytes:${scaled(l.txBytes)}`,
  );
  return `${lines.join('\n')}\n\n`;
}

/** ifconfig [-a] [IFACE] — the caller's namespace's interfaces in busybox's layout (up ones only, unless -a), sorted by name. */
export const ifconfig: Program = async (sys) => {
  const args = sys.argv.slice(1);
  const all = args.includes('-a');
  const name = args.find((a) => !a.startsWith('-'));
  const links = [...sys.proc.ns.net.stack.links.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (name) {
    const l = links.find((x) => x.name === name);
    if (!l) {
      await sys.err(`ifconfig: ${name}: error fetching interface information: Device not found\n`);
      return 1;
    }
    await sys.out(block(l));
    return 0;
  }
  await sys.out(links.filter((l) => all || l.up).map(block).join(''));
  return 0;
};
