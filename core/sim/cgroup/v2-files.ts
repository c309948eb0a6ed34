import { fail } from '../vfs/index.js';
import { gen, type GenEntry } from '../gen-fs.js';
import { UNLIMITED, type CgroupNode } from './cgroup-node.js';
import type { CgroupHost } from './cgroup-host.js';
import { procsFile } from './procs-file.js';

type Files = Array<[string, GenEntry]>;
const num = (n: number): string => `${n}\n`;
const maxOr = (n: number): string => (Number.isFinite(n) ? num(n) : 'max\n');

function parseMax(t: string): number {
  const v = t.trim();
  if (v === 'max') return UNLIMITED;
  if (!/^\d+$/.test(v)) fail('EINVAL');
  return Number(v);
}

/** Controllers this cgroup may use: all the hierarchy offers at the root, else what the parent hands down. */
export function enabledHere(n: CgroupNode): string[] {
  return n.parent ? [...n.parent.subtreeControl] : [...n.hierarchy.controllers];
}

/** The files of one cgroup2 directory. */
export function v2Files(host: CgroupHost, n: CgroupNode): Files {
  const offered = enabledHere(n);
  const out: Files = [
    ['cgroup.procs', procsFile(host, n)],
    ['cgroup.threads', procsFile(host, n)],
    ['cgroup.controllers', gen.file(() => `${offered.join(' ')}\n`)],
    ['cgroup.subtree_control', gen.file(() => `${[...n.subtreeControl].join(' ')}\n`, (t) => {
      for (const word of t.trim().split(/\s+/).filter(Boolean)) {
        const c = word.slice(1);
        if (!offered.includes(c) || (word[0] !== '+' && word[0] !== '-')) fail('EINVAL');
        if (word[0] === '+') n.subtreeControl.add(c);
        else n.subtreeControl.delete(c);
      }
    })],
    ['cgroup.type', gen.file(() => 'domain\n')],
    ['cgroup.events', gen.file(() => `populated ${n.allProcs().length > 0 ? 1 : 0}\nfrozen ${n.frozen ? 1 : 0}\n`)],
  ];
  if (n.parent) out.push(['cgroup.freeze', gen.file(() => num(n.frozen ? 1 : 0), (t) => { n.frozen = t.trim() === '1'; })]);
  const c = n.cpu;
  out.push(['cpu.stat', gen.file(() => {
    host.refreshCpu(n);
    const us = Math.floor(c.usageNs / 1000);
    return `usage_usec ${us}\nuser_usec ${us}\nsystem_usec 0\nnr_periods ${c.nrPeriods}\nnr_throttled ${c.nrThrottled}\nthrottled_usec ${Math.floor(c.throttledNs / 1000)}\n`;
  })]);
  if (!n.parent) return out;
  if (offered.includes('cpu')) {
    out.push(
      ['cpu.max', gen.file(() => `${c.quotaUs < 0 ? 'max' : c.quotaUs} ${c.periodUs}\n`, (t) => {
        const [q, p] = t.trim().split(/\s+/);
        if (p !== undefined) c.periodUs = Number(p);
        c.quotaUs = q === 'max' ? -1 : Number(q);
        if (!Number.isFinite(c.periodUs) || (c.quotaUs !== -1 && !(c.quotaUs >= 1000))) fail('EINVAL');
      })],
      ['cpu.weight', gen.file(() => num(Math.max(1, Math.round(((c.shares - 2) * 9999) / 262142) + 1)), (t) => {
        const w = Number(t.trim());
        if (!(w >= 1 && w <= 10000)) fail('EINVAL');
        c.shares = Math.round(2 + ((w - 1) * 262142) / 9999);
      })],
    );
  }
  if (offered.includes('cpuset')) {
    out.push(
      ['cpuset.cpus', gen.file(() => `${n.cpus}\n`, (t) => { n.cpus = t.trim(); })],
      ['cpuset.mems', gen.file(() => `${n.mems}\n`, (t) => { n.mems = t.trim(); })],
      ['cpuset.cpus.effective', gen.file(() => `${n.cpus || (host.ncpus > 1 ? `0-${host.ncpus - 1}` : '0')}\n`)],
    );
  }
  if (offered.includes('memory')) {
    out.push(
      ['memory.max', gen.file(() => maxOr(n.memLimit), (t) => { n.memLimit = parseMax(t); })],
      ['memory.swap.max', gen.file(() => maxOr(n.memswLimit), (t) => { n.memswLimit = parseMax(t); })],
      ['memory.low', gen.file(() => maxOr(n.memSoftLimit), (t) => { n.memSoftLimit = parseMax(t); })],
      ['memory.current', gen.file(() => num(n.memUsage()))],
      ['memory.peak', gen.file(() => num(Math.max(n.memMaxUsage, n.memUsage())))],
      ['memory.events', gen.file(() => `low 0\nhigh 0\nmax ${n.memFailcnt}\noom ${n.oomKills}\noom_kill ${n.oomKills}\n`)],
      ['memory.stat', gen.file(() => `anon ${n.memUsage()}\nfile 0\n`)],
    );
  }
  if (offered.includes('pids')) {
    out.push(
      ['pids.max', gen.file(() => maxOr(n.pidsMax), (t) => { n.pidsMax = parseMax(t); })],
      ['pids.current', gen.file(() => num(n.allProcs().length))],
    );
  }
  return out;
}
