import { signalProcess } from '../process-ops.js';
import { signalNumber } from '../signals.js';
import { Sys, text, type Program } from '../sys.js';
import { getopt } from './io.js';

const CAP_SYS_ADMIN = 21n;

export const hostname: Program = async (sys) => {
  const name = sys.argv[1];
  if (name === undefined) {
    await sys.out(`${sys.proc.ns.uts.hostname}\n`);
    return 0;
  }
  if (((sys.proc.caps.effective >> CAP_SYS_ADMIN) & 1n) === 0n) {
    await sys.err('hostname: sethostname: Operation not permitted\n');
    return 1;
  }
  sys.proc.ns.uts.hostname = name;
  return 0;
};

/** ps: the processes of the caller's pid namespace, numbered as it sees them. */
export const ps: Program = async (sys) => {
  const { opts } = getopt(sys.argv.slice(1), 'o');
  const ns = sys.proc.ns.pid;
  const procs = [...sys.machine.procs.values()]
    .filter((p) => p.alive && p.pidIn(ns) !== null)
    .sort((a, b) => a.pidIn(ns)! - b.pidIn(ns)!);
  const cols = (opts.get('o') ?? 'pid,user,time,args').split(',');
  const HEAD: Record<string, string> = { pid: '  PID', ppid: ' PPID', user: 'USER    ', comm: 'COMMAND', args: 'COMMAND', time: ' TIME', rss: '  RSS', stat: 'STAT' };
  const cell = (c: string, p: (typeof procs)[number]): string => {
    switch (c) {
      case 'pid': return String(p.pidIn(ns)).padStart(5);
      case 'ppid': return String((p.parent && p.parent.pidIn(ns)) ?? 0).padStart(5);
      case 'user': return (p.uid === 0 ? 'root' : String(p.uid)).padEnd(8);
      case 'comm': return p.comm;
      case 'args': return p.argv.join(' ');
      case 'time': return ' 0:00';
      case 'rss': return String(Math.round(p.rss / 1024)).padStart(5);
      case 'stat': return p.state;
      default: return '';
    }
  };
  const rows = [cols.map((c) => HEAD[c] ?? c.toUpperCase()).join(' '), ...procs.map((p) => cols.map((c) => cell(c, p)).join(' '))];
  await sys.out(rows.map((r) => `${r}\n`).join(''));
  return 0;
};

function names(sys: Sys, file: string): Map<number, string> {
  const out = new Map<number, string>();
  try {
    for (const l of text.decode(sys.readFile(file)).split('\n')) {
      const [n, , id] = l.split(':');
      if (n && id) out.set(Number(id), n);
    }
  } catch { /* no such file: numbers only */ }
  return out;
}

export const id: Program = async (sys) => {
  const users = names(sys, '/etc/passwd');
  const groups = names(sys, '/etc/group');
  const { opts } = getopt(sys.argv.slice(1));
  const p = sys.proc;
  if (opts.has('u')) { await sys.out(`${p.uid}\n`); return 0; }
  if (opts.has('g')) { await sys.out(`${p.gid}\n`); return 0; }
  const n = (m: Map<number, string>, x: number): string => (m.has(x) ? `${x}(${m.get(x)})` : String(x));
  const gs = [p.gid, ...p.groups.filter((g) => g !== p.gid)];
  await sys.out(`uid=${n(users, p.uid)} gid=${n(groups, p.gid)} groups=${gs.map((g) => n(groups, g)).join(',')}\n`);
  return 0;
};

export const env: Program = async (sys) => {
  await sys.out(Object.entries(sys.env).map(([k, v]) => `${k}=${v}\n`).join(''));
  return 0;
};

export const sleep: Program = async (sys) => {
  const total = sys.argv.slice(1).reduce((s, a) => {
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(a);
    return s + (m ? Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!] ?? 1) : 0);
  }, 0);
  await sys.sleep(total * 1000);
  return 0;
};

export const yes: Program = async (sys) => {
  const line = `${sys.argv.slice(1).join(' ') || 'y'}\n`.repeat(64);
  for (;;) {
    await sys.out(line);
    await sys.cpu(0.05);
  }
};

export const mount: Program = async (sys) => {
  const args = sys.argv.slice(1);
  if (args.length === 0) {
    const table = sys.call(() => sys.fs.mountTable());
    await sys.out(table.map((m) => `${m.source} ${m.mountPoint} ${m.fstype} ${[...m.options.slice(0, 1), ...m.superOptions.slice(1), ...m.options.slice(1)].join(',')} 0 0\n`).join(''));
    return 0;
  }
  const { opts, rest } = getopt(args, 'to');
  const [source = 'none', target = ''] = rest;
  const o = (opts.get('o') ?? '').split(',').filter(Boolean);
  const flags = o.filter((x) => ['ro', 'bind', 'remount', 'nosuid', 'nodev', 'noexec', 'rbind'].includes(x))
    .flatMap((x) => (x === 'ro' ? ['rdonly'] : x === 'rbind' ? ['bind', 'rec'] : [x])) as never[];
  const data = o.filter((x) => !['ro', 'rw', 'bind', 'remount', 'nosuid', 'nodev', 'noexec', 'rbind'].includes(x)).join(',');
  if (((sys.proc.caps.effective >> CAP_SYS_ADMIN) & 1n) === 0n) {
    await sys.err(`mount: permission denied (are you root?)\n`);
    return 255;
  }
  try {
    sys.call(() => sys.fs.mount({ source, target, fstype: opts.get('t'), flags, data: data || undefined }));
    return 0;
  } catch (e) {
    await sys.err(`mount: mounting ${source} on ${target} failed: ${Sys.describe(e)}\n`);
    return 255;
  }
};

export const tty: Program = async (sys) => {
  const t = sys.terminal(0);
  await sys.out(t ? `${t.slavePath}\n` : 'not a tty\n');
  return t ? 0 : 1;
};

/** `stty size` (TIOCGWINSZ) and a bare `stty`; the rest of termios is not modelled. */
export const stty: Program = async (sys) => {
  const t = sys.terminal(0);
  if (!t) {
    await sys.err('stty: standard input: Inappropriate ioctl for device\n');
    return 1;
  }
  const args = sys.argv.slice(1);
  if (args.length === 0) {
    await sys.out('speed 38400 baud; line = 0;\n');
    return 0;
  }
  if (args.length === 1 && args[0] === 'size') {
    await sys.out(`${t.rows} ${t.cols}\n`);
    return 0;
  }
  await sys.err(`stty: invalid argument '${args[0]}'\n`);
  return 1;
};

export const uname: Program = async (sys) => {
  const { opts } = getopt(sys.argv.slice(1));
  const u = sys.machine.uname(sys.proc);
  const all = opts.has('a');
  const parts = [
    (all || opts.has('s') || opts.size === 0) ? u.sysname : null,
    (all || opts.has('n')) ? u.nodename : null,
    (all || opts.has('r')) ? u.release : null,
    (all || opts.has('m')) ? u.machine : null,
  ].filter((x): x is string => x !== null);
  await sys.out(`${parts.join(' ')}\n`);
  return 0;
};

export const kill: Program = async (sys) => {
  const args = sys.argv.slice(1);
  let sig = 15;
  if (args[0]?.startsWith('-')) {
    const s = signalNumber(args.shift()!.slice(1));
    if (s === null) return 1;
    sig = s;
  }
  let st = 0;
  for (const a of args) {
    const p = sys.machine.processByPid(Number(a), sys.proc.ns.pid);
    if (!p) {
      await sys.err(`kill: can't kill pid ${a}: No such process\n`);
      st = 1;
    } else signalProcess(p, sig);
  }
  return st;
};
