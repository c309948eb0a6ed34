import type { Program } from '../sys.js';
import { dd, ls, mkdir, mknod, readlink, rm, rmdir, touch } from './applets-files.js';
import { env, hostname, id, kill, mount, ps, sleep, stty, tty, uname, yes } from './applets-system.js';
import { cat, cut, echo, grep, head, printf, tail, tr, wc } from './applets-text.js';
import { sh } from './sh/sh-program.js';
import { httpd } from './applets-httpd.js';
import { nc } from './applets-nc.js';
import { nslookup } from './applets-nslookup.js';
import { ping } from './applets-ping.js';
import { sysctl } from './applets-sysctl.js';
import { ip } from './applets-ip.js';
import { ifconfig } from './applets-ifconfig.js';
import { route } from './applets-route.js';
import { wget } from './applets-wget.js';

const busybox: Program = async (sys) => {
  const args = sys.argv.slice(1);
  if (args[0] === '--list' || args.length === 0) {
    await sys.out(`${Object.keys(APPLETS).sort().join('\n')}\n`);
    return 0;
  }
  const applet = APPLETS[args[0]!];
  if (!applet) {
    await sys.err(`${args[0]}: applet not found\n`);
    return 127;
  }
  sys.proc.argv = args;
  sys.proc.comm = args[0]!.slice(0, 15);
  return applet(sys);
};

/** The emulated busybox applets, by the name they are called as. */
export const APPLETS: Record<string, Program> = {
  busybox, sh, ash: sh, echo, printf, cat, ls, mkdir, rm, rmdir, touch, hostname, ps, id, env, sleep, head, tail, wc, grep,
  cut, tr, mount, readlink, stty, tty, dd, mknod, kill, uname, yes,
  // The network applets (applets-wget/httpd/nc/ping/nslookup.ts), over the packet model in ../net.
  wget, httpd, nc, ping, nslookup, sysctl, ip, ifconfig, route,
  true: async () => 0,
  false: async () => 1,
};
