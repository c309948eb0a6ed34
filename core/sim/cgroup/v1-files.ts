import { fail } from '../vfs/index.js';
import { gen, type GenEntry } from '../gen-fs.js';
import { applyDeviceWrite, deviceListText } from './device-rules.js';
import { UNLIMITED, type CgroupNode } from './cgroup-node.js';
import { limitText, parseBytes, type CgroupHost } from './cgroup-host.js';
import { procsFile } from './procs-file.js';

type Files = Array<[string, GenEntry]>;
const num = (n: number): string => `${n}\n`;

function intIn(text: string, lo: number, hi: number): number {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) fail('EINVAL');
  const n = Number(t);
  if (n < lo || n > hi) fail('EINVAL');
  return n;
}

/** The files of one v1 cgroup directory, by the controllers its hierarchy carries. */
export function v1Files(host: CgroupHost, n: CgroupNode): Files {
  const h = n.hierarchy;
  const out: Files = [
    ['cgroup.procs', procsFile(host, n)],
    ['tasks', procsFile(host, n)],
    ['cgroup.clone_children', gen.file(() => '0\n', () => {})],
    ['notify_on_release', gen.file(() => '0\n', () => {})],
  ];
  if (h.has('cpu')) out.push(...cpuFiles(host, n));
  if (h.has('cpuacct')) {
    const usage = (): number => { host.refreshCpu(n); return n.cpu.usageNs; };
    out.push(
      ['cpuacct.usage', gen.file(() => num(usage()), () => { n.cpu.usageNs = 0; })],
      ['cpuacct.usage_user', gen.file(() => num(usage()))],
      ['cpuacct.usage_sys', gen.file(() => '0\n')],
      ['cpuacct.stat', gen.file(() => `user ${Math.floor(usage() / 1e7)}\nsystem 0\n`)],
    );
  }
  if (h.has('cpuset')) out.push(...cpusetFiles(host, n));
  if (h.has('memory')) out.push(...memoryFiles(n));
  if (h.has('pids')) {
    out.push(
      ['pids.max', gen.file(() => (Number.isFinite(n.pidsMax) ? num(n.pidsMax) : 'max\n'), (t) => {
        const v = t.trim();
        n.pidsMax = v === 'max' ? UNLIMITED : intIn(v, 0, 4194304);
      })],
      ['pids.current', gen.file(() => num(n.allProcs().length))],
      ['pids.events', gen.file(() => `max ${n.pidsEventsMax}\n`)],
    );
  }
  if (h.has('devices')) {
    out.push(
      ['devices.allow', gen.file(() => '', (t) => { n.devices = applyDeviceWrite(n.devices, t, true) ?? fail('EINVAL'); }, 0o200)],
      ['devices.deny', gen.file(() => '', (t) => { n.devices = applyDeviceWrite(n.devices, t, false) ?? fail('EINVAL'); }, 0o200)],
      ['devices.list', gen.file(() => deviceListText(n.devices))],
    );
  }
  if (h.has('freezer') && n.parent) {
    out.push(['freezer.state', gen.file(() => (n.frozen ? 'FROZEN\n' : 'THAWED\n'), (t) => {
      const v = t.trim();
      if (v !== 'FROZEN' && v !== 'THAWED') fail('EINVAL');
      n.frozen = v === 'FROZEN';
    })]);
  }
  if (h.has('blkio') && n.parent && host.bfq) {
    // As on the lab hosts: no CFQ, so no blkio.weight; BFQ's weight files appear in every cgroup below the root.
    for (const [f, dflt] of [['blkio.bfq.weight', '100\n'], ['blkio.bfq.weight_device', '']] as const) {
      out.push([f, gen.file(() => n.plain.get(f) ?? dflt, (t) => {
        if (f === 'blkio.bfq.weight') n.plain.set(f, `${intIn(t, 1, 1000)}\n`);
        else n.plain.set(f, t.trim() ? `${t.trim()}\n` : '');
      })]);
    }
  }
  if (h.has('blkio')) {
    for (const f of ['blkio.throttle.read_bps_device', 'blkio.throttle.write_bps_device', 'blkio.throttle.read_iops_device', 'blkio.throttle.write_iops_device']) {
      out.push([f, gen.file(() => n.plain.get(f) ?? '', (t) => { n.plain.set(f, t.trim() ? `${t.trim()}\n` : ''); })]);
    }
  }
  return out;
}

function cpuFiles(host: CgroupHost, n: CgroupNode): Files {
  const c = n.cpu;
  return [
    ['cpu.shares', gen.file(() => num(c.shares), (t) => { c.shares = Math.min(262144, Math.max(2, intIn(t, 0, Number.MAX_SAFE_INTEGER))); })],
    ['cpu.cfs_period_us', gen.file(() => num(c.periodUs), (t) => { c.periodUs = intIn(t, 1000, 1_000_000); })],
    ['cpu.cfs_quota_us', gen.file(() => num(c.quotaUs), (t) => {
      const v = intIn(t, -1, Number.MAX_SAFE_INTEGER);
      if (v >= 0 && v < 1000) fail('EINVAL');
      c.quotaUs = v < 0 ? -1 : v;
    })],
    ['cpu.stat', gen.file(() => {
      host.refreshCpu(n);
      return `nr_periods ${c.nrPeriods}\nnr_throttled ${c.nrThrottled}\nthrottled_time ${Math.round(c.throttledNs)}\nnr_bursts 0\nburst_time 0\n`;
    })],
  ];
}

function cpusetFiles(host: CgroupHost, n: CgroupNode): Files {
  const all = host.ncpus > 1 ? `0-${host.ncpus - 1}` : '0';
  if (!n.parent) {
    n.cpus ||= all;
    n.mems ||= '0';
  }
  const valid = (t: string, max: number): string => {
    const v = t.trim();
    if (v === '') return '';
    for (const part of v.split(',')) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(part);
      if (!m || Number(m[2] ?? m[1]) >= max || Number(m[1]) > Number(m[2] ?? m[1])) fail('EINVAL');
    }
    return v;
  };
  return [
    ['cpuset.cpus', gen.file(() => `${n.cpus}\n`, (t) => { n.cpus = valid(t, host.ncpus); })],
    ['cpuset.mems', gen.file(() => `${n.mems}\n`, (t) => { n.mems = valid(t, 1); })],
    ['cpuset.effective_cpus', gen.file(() => `${n.cpus}\n`)],
    ['cpuset.effective_mems', gen.file(() => `${n.mems}\n`)],
  ];
}

function memoryFiles(n: CgroupNode): Files {
  const usage = (): number => n.memUsage();
  return [
    ['memory.limit_in_bytes', gen.file(() => `${limitText(n.memLimit)}\n`, (t) => {
      const v = parseBytes(t) ?? fail('EINVAL');
      // The memory limit may never exceed memory+swap.
      if (Number.isFinite(n.memswLimit) && v > n.memswLimit) fail('EINVAL');
      if (v < usage()) fail('EBUSY');
      n.memLimit = v;
    })],
    ['memory.memsw.limit_in_bytes', gen.file(() => `${limitText(n.memswLimit)}\n`, (t) => {
      const v = parseBytes(t) ?? fail('EINVAL');
      if (v < n.memLimit) fail('EINVAL');
      n.memswLimit = v;
    })],
    ['memory.soft_limit_in_bytes', gen.file(() => `${limitText(n.memSoftLimit)}\n`, (t) => { n.memSoftLimit = parseBytes(t) ?? fail('EINVAL'); })],
    ['memory.usage_in_bytes', gen.file(() => num(usage()))],
    ['memory.memsw.usage_in_bytes', gen.file(() => num(usage()))],
    ['memory.max_usage_in_bytes', gen.file(() => num(Math.max(n.memMaxUsage, usage())), () => { n.memMaxUsage = 0; })],
    ['memory.failcnt', gen.file(() => num(n.memFailcnt), () => { n.memFailcnt = 0; })],
    ['memory.swappiness', gen.file(() => num(n.swappiness), (t) => { n.swappiness = intIn(t, 0, 100); })],
    ['memory.oom_control', gen.file(() => `oom_kill_disable 0\nunder_oom 0\noom_kill ${n.oomKills}\n`, () => {})],
    ['memory.stat', gen.file(() => {
      const u = usage();
      return `cache 0\nrss ${u}\nrss_huge 0\nshmem 0\nmapped_file 0\nswap 0\npgfault 0\npgmajfault 0\ninactive_anon 0\nactive_anon ${u}\ninactive_file 0\nactive_file 0\nunevictable 0\nhierarchical_memory_limit ${limitText(n.memLimit)}\ntotal_cache 0\ntotal_rss ${u}\n`;
    })],
  ];
}
