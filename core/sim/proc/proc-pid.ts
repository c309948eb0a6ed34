import { capHexOf } from './caps-text.js';
import { gen, type GenEntry } from '../gen-fs.js';
import type { Machine } from '../machine.js';
import type { PidNamespace } from '../namespaces.js';
import type { SimProcess } from '../process.js';
import { netDevText } from './net-text.js';

type Entries = Array<[string, GenEntry]>;

function fdTarget(p: SimProcess, fd: number): string {
  const d = p.fds.get(fd);
  if (!d) return '';
  const t = d.target;
  if (t.kind === 'file') return t.view.absolute(t.path);
  if (t.kind === 'null') return '/dev/null';
  return `pipe:[${4000 + fd}]`;
}

/** /proc/PID/: one process, its pids shown as `ns` numbers them. */
export function pidDir(m: Machine, p: SimProcess, ns: PidNamespace): GenEntry {
  const pid = (): number => p.pidIn(ns) ?? 0;
  const ppid = (): number => (p.parent ? (p.parent.pidIn(ns) ?? 0) : 0);
  const nsLinks: Entries = (['cgroup', 'ipc', 'mnt', 'net', 'pid', 'pid_for_children', 'uts'] as const).map((k) => [k, gen.link(() => {
    const x = k === 'mnt' ? p.ns.mnt.id : k === 'pid_for_children' ? p.ns.pidForChildren.inode : p.ns[k].inode;
    return `${k}:[${x}]`;
  })]);
  const entries = (): Entries => [
    ['stat', gen.file(() => {
      const f = [pid(), `(${p.comm})`, p.state, ppid(), pid(), pid(), 0, -1, 4194560, 0, 0, 0, 0,
        Math.floor(p.cpuNs / 1e7), 0, 0, 0, 20, 0, 1, 0, p.startTicks, p.rss, Math.floor(p.rss / 4096)];
      return `${f.join(' ')} 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n`;
    })],
    ['status', gen.file(() => [
      `Name:\t${p.comm}`, `Umask:\t0022`, `State:\t${p.state} (${p.state === 'S' ? 'sleeping' : p.state === 'Z' ? 'zombie' : 'running'})`,
      `Tgid:\t${pid()}`, `Ngid:\t0`, `Pid:\t${pid()}`, `PPid:\t${ppid()}`, `TracerPid:\t0`,
      `Uid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}`, `Gid:\t${p.gid}\t${p.gid}\t${p.gid}\t${p.gid}`,
      `FDSize:\t64`, `Groups:\t${p.groups.join(' ')}${p.groups.length ? ' ' : ''}`,
      `NStgid:\t${nsChain(p, ns).join('\t')}`, `NSpid:\t${nsChain(p, ns).join('\t')}`, `NSpgid:\t${nsChain(p, ns).join('\t')}`, `NSsid:\t${nsChain(p, ns).join('\t')}`,
      `VmRSS:\t${String(Math.floor(p.rss / 1024)).padStart(8)} kB`, `Threads:\t1`,
      `SigQ:\t0/63448`, `SigPnd:\t0000000000000000`, `ShdPnd:\t0000000000000000`, `SigBlk:\t0000000000000000`, `SigIgn:\t0000000000000000`, `SigCgt:\t0000000000000000`,
      `CapInh:\t${capHexOf(p.caps.inheritable)}`, `CapPrm:\t${capHexOf(p.caps.permitted)}`, `CapEff:\t${capHexOf(p.caps.effective)}`,
      `CapBnd:\t${capHexOf(p.caps.bounding)}`, `CapAmb:\t${capHexOf(p.caps.ambient)}`,
      `NoNewPrivs:\t${p.noNewPrivs ? 1 : 0}`, `Seccomp:\t0`, `Seccomp_filters:\t0`,
      `Cpus_allowed_list:\t0-${m.ncpus - 1}`, `Mems_allowed_list:\t0`, '',
    ].join('\n'))],
    ['cmdline', gen.file(() => (p.argv.length ? `${p.argv.join('\0')}\0` : ''))],
    ['comm', gen.file(() => `${p.comm}\n`)],
    ['environ', gen.file(() => Object.entries(p.env).map(([k, v]) => `${k}=${v}\0`).join(''), undefined, 0o400)],
    ['exe', gen.link(() => p.exe)],
    ['cwd', gen.link(() => p.view.getcwd())],
    ['root', gen.link(() => '/')],
    ['ns', gen.dir(() => nsLinks, { mode: 0o511 })],
    ['mountinfo', gen.file(() => p.view.mountInfoText())],
    ['mounts', gen.file(() => mountsText(p))],
    ['cgroup', gen.file(() => m.hierarchies.slice().reverse().map((h) => {
      const node = p.cgroups.get(h.id);
      const base = m.current.ns.cgroup.roots.get(h.id) ?? '/';
      let path = node?.path() ?? '/';
      if (base !== '/' && (path === base || path.startsWith(`${base}/`))) path = path.slice(base.length) || '/';
      return `${h.id === 0 ? 0 : h.version === 2 ? 0 : h.id}:${h.version === 2 ? '' : h.controllers.join(',')}:${path}\n`;
    }).join(''))],
    ['fd', gen.dir(() => [...p.fds.fds.keys()].sort((a, b) => a - b).map((fd) => [String(fd), gen.link(() => fdTarget(p, fd))] as [string, GenEntry]), { mode: 0o500 })],
    ['oom_score_adj', gen.file(() => `${p.oomScoreAdj}\n`, (t) => { p.oomScoreAdj = Number(t.trim()) || 0; })],
    ['net', gen.fixed({ dev: gen.file(() => netDevText(p.ns.net.stack)) })],
  ];
  return gen.dir(entries);
}

function nsChain(p: SimProcess, from: PidNamespace): number[] {
  return p.ns.pid.chain().reverse().filter((n) => from.contains(n)).map((n) => p.pidIn(n) ?? 0);
}

export function mountsText(p: SimProcess): string {
  return p.view.mountTable().map((e) => {
    const opts = [...e.options.slice(0, 1), ...e.options.slice(1), ...e.superOptions.slice(1)];
    return `${e.source} ${e.mountPoint} ${e.fstype} ${opts.join(',')} 0 0\n`;
  }).join('');
}
