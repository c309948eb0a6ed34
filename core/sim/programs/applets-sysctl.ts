import { text, type Program, type Sys } from '../sys.js';
import { getopt } from './io.js';

/**
 * The network sysctls the packet model obeys, per network namespace as in
 * Linux. Others are read from and written to /proc/sys.
 */
const NET_KEYS: Record<string, { get(sys: Sys): string; set(sys: Sys, v: string): void }> = {
  'net.ipv4.ip_forward': {
    get: (sys) => (sys.proc.ns.net.stack.forwarding ? '1' : '0'),
    set: (sys, v) => { sys.proc.ns.net.stack.forwarding = v.trim() !== '0'; },
  },
};

/** sysctl [-n] KEY... | sysctl -w KEY=VALUE... */
export const sysctl: Program = async (sys) => {
  const { opts, rest } = getopt(sys.argv.slice(1));
  const bare = opts.has('n');
  let status = 0;
  for (const arg of rest) {
    const eq = arg.indexOf('=');
    const key = eq >= 0 ? arg.slice(0, eq) : arg;
    const path = `/proc/sys/${key.replace(/\./g, '/')}`;
    const net = NET_KEYS[key];
    try {
      if (opts.has('w') || eq >= 0) {
        const value = arg.slice(eq + 1);
        if (net) net.set(sys, value);
        else sys.call(() => sys.fs.writeFile(path, `${value}\n`));
        if (!opts.has('q')) await sys.out(bare ? `${value}\n` : `${key} = ${value}\n`);
      } else {
        const value = net ? net.get(sys) : text.decode(sys.readFile(path)).trim();
        await sys.out(bare ? `${value}\n` : `${key} = ${value}\n`);
      }
    } catch {
      await sys.err(`sysctl: error: '${key}' is an unknown key\n`);
      status = 1;
    }
  }
  return status;
};
