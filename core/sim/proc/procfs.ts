import { gen, GenFs, type GenEntry } from '../gen-fs.js';
import type { Machine } from '../machine.js';
import type { PidNamespace } from '../namespaces.js';
import { fail, type FsFactory } from '../vfs/index.js';
import { mountsText, pidDir } from './proc-pid.js';
import { netDevText } from './net-text.js';

const CAP_LAST_CAP = 40;

/** Host-wide files with made-up but plausible content (what masking hides in a container). */
function hostFiles(m: Machine): Array<[string, GenEntry]> {
  const fixed = (s: string): GenEntry => gen.file(() => s);
  return [
    ['filesystems', fixed('nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tcgroup\nnodev\tcgroup2\nnodev\tdevpts\nnodev\tmqueue\n\text4\nnodev\toverlay\n')],
    ['uptime', gen.file(() => `${(m.sched.now() / 1000).toFixed(2)} 0.00\n`)],
    ['loadavg', fixed('0.00 0.00 0.00 1/100 1\n')],
    ['meminfo', gen.file(() => `MemTotal:       ${Math.floor(m.vfs.memoryBytes / 1024)} kB\nMemFree:        ${Math.floor(m.vfs.memoryBytes / 2048)} kB\n`)],
    ['cpuinfo', gen.file(() => Array.from({ length: m.ncpus }, (_, i) => `processor\t: ${i}\nmodel name\t: dockbook simulated CPU\n\n`).join(''))],
    ['version', gen.file(() => `Linux version ${m.uname(m.current).release} (dockbook@sim) #1 SMP\n`)],
    ['cgroups', gen.file(() => '#subsys_name\thierarchy\tnum_cgroups\tenabled\n' + m.hierarchies.filter((h) => h.version === 1).flatMap((h) => h.controllers.filter((c) => !c.startsWith('name=')).map((c) => `${c}\t${h.id}\t1\t1\n`)).join(''))],
    ['timer_list', fixed('Timer List Version: v0.9\nHRTIMER_MAX_CLOCK_BASES: 8\nnow at 0 nsecs\n')],
    ['keys', fixed('0b6d7b02 I--Q---     1 perm 3f030000     0     0 keyring   _ses: 1\n')],
    ['interrupts', fixed('           CPU0\n  0:         42   IO-APIC   2-edge      timer\n')],
    ['sched_debug', fixed('Sched Debug Version: v0.11\n')],
    ['latency_stats', fixed('Latency Top version : v0.1\n')],
    ['sysrq-trigger', gen.file(() => '', () => {}, 0o200)],
    ['acpi', gen.fixed({ wakeup: fixed('Device\tS-state\n') })],
    ['scsi', gen.fixed({ scsi: fixed('Attached devices:\n') })],
    ['bus', gen.fixed({ pci: gen.fixed({ devices: fixed('') }) })],
    ['fs', gen.fixed({ nfsd: gen.fixed({}) })],
    ['irq', gen.fixed({ default_smp_affinity: fixed('3\n') })],
  ];
}

function sysDir(m: Machine): GenEntry {
  const uts = (): Machine['current']['ns']['uts'] => m.current.ns.uts;
  return gen.fixed({
    kernel: gen.fixed({
      hostname: gen.file(() => `${uts().hostname}\n`, (t) => { uts().hostname = t.replace(/\n$/, ''); }),
      domainname: gen.file(() => `${uts().domainname}\n`, (t) => { uts().domainname = t.replace(/\n$/, ''); }),
      cap_last_cap: gen.file(() => `${CAP_LAST_CAP}\n`),
      ostype: gen.file(() => 'Linux\n'),
      osrelease: gen.file(() => `${m.uname(m.current).release}\n`),
      pid_max: gen.file(() => '4194304\n', () => {}),
    }),
    net: gen.fixed({ ipv4: gen.fixed({
      // Per network namespace, as on Linux: the packet model forwards only where this says 1.
      ip_forward: gen.file(() => (m.current.ns.net.stack.forwarding ? '1\n' : '0\n'), (t) => { m.current.ns.net.stack.forwarding = t.trim() !== '0'; }),
      ip_unprivileged_port_start: gen.file(() => '1024\n', () => {}),
    }) }),
    vm: gen.fixed({ overcommit_memory: gen.file(() => '0\n', () => {}) }),
  });
}

/**
 * procfs: /proc as the pid namespace of its mounter sees it. `self` is the
 * process reading, translated into that namespace.
 */
export function procFactory(m: Machine): FsFactory {
  return (req) => {
    const ns: PidNamespace = m.current.ns.pid;
    const root = gen.dir(() => {
      const out: Array<[string, GenEntry]> = [];
      const procs = [...ns.members.entries()].filter(([, p]) => p.alive).sort((a, b) => a[0] - b[0]);
      for (const [pid, p] of procs) out.push([String(pid), pidDir(m, p, ns)]);
      out.push(['self', gen.link(() => String(m.current.pidIn(ns) ?? fail('ENOENT')))]);
      out.push(['thread-self', gen.link(() => `${m.current.pidIn(ns) ?? 0}/task/${m.current.pidIn(ns) ?? 0}`)]);
      out.push(['mounts', gen.file(() => mountsText(m.current))]);
      out.push(['net', gen.fixed({ dev: gen.file(() => netDevText(m.current.ns.net.stack)) })]);
      out.push(['sys', sysDir(m)]);
      out.push(...hostFiles(m));
      return out;
    });
    return new GenFs(m.vfs.allocateAnonDev(), 'proc', req.source || 'proc', root, { mtimeMs: () => m.now() });
  };
}
