import type { Kernel } from '../kernel/kernel.js';
import { NAMESPACE_KINDS } from '../kernel/types.js';
import { cgroupLayout, type CgroupLayout } from '../runtime/cgroups/layout.js';
import { isStaticElf } from './elf.js';
import { decideMode, type DoctorCheck, type DoctorReport } from './report.js';
import { probeStorage } from '../storage/storage-probe.js';

const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const MIN_FREE_BYTES = 1024 ** 3;

export interface DoctorOptions {
  readonly stateDir: string;
  /** Name prefix for the throwaway probe namespace. */
  readonly probePrefix?: string;
}

/** Checks what this host can do for dockbook, through the Kernel only. */
export async function runDoctor(kernel: Kernel, opts: DoctorOptions): Promise<DoctorReport> {
  const uname = await kernel.uname();
  const root = (await kernel.euid()) === 0;
  const cgroups = await readCgroups(kernel);
  const checks: DoctorCheck[] = [
    check('root', 'root', root ? 'ok' : 'fail', root ? 'running as root' : 'not root: namespaces, mounts and cgroups need root', true),
    check('linux', 'kernel', uname.sysname === 'Linux' ? 'ok' : 'fail', `${uname.sysname} ${uname.release} ${uname.machine}`, true),
    await storageCheck(kernel, opts.stateDir),
    cgroupCheck(cgroups),
    await namespacesCheck(kernel),
    root ? await linksCheck(kernel, opts.probePrefix ?? 'dockbook-doctor') : check('links', 'veth/bridge/macvlan', 'fail', 'not probed: needs root', true),
    await commandCheck(kernel, 'ip', 'iproute2 (ip)', true),
    await firewallCheck(kernel),
    await busyboxCheck(kernel),
    await diskCheck(kernel, opts.stateDir),
  ];
  return { host: { kernel: uname.release, machine: uname.machine, root, stateDir: opts.stateDir }, cgroups, checks, ...decideMode(checks) };
}

function check(id: string, title: string, status: DoctorCheck['status'], detail: string, requiredForReal: boolean): DoctorCheck {
  return { id, title, status, detail, requiredForReal };
}

/** The graph driver the engine will pick for the state dir (the same probe `docker info` reports from). */
async function storageCheck(kernel: Kernel, stateDir: string): Promise<DoctorCheck> {
  const choice = await probeStorage(kernel, stateDir);
  const rows = choice.status.map(([k, v]) => `${k}: ${v}`).join(', ');
  return choice.driver === 'overlay2'
    ? check('overlay', 'storage driver', 'ok', `overlay2 (${rows}): ${choice.reason}`, false)
    : check('overlay', 'storage driver', 'warn', `copy, the fallback (${rows}): ${choice.reason}; every container gets a full copy of its image`, false);
}

async function readCgroups(kernel: Kernel): Promise<CgroupLayout> {
  const mounts = await kernel.mountTable().catch(() => []);
  const v2 = new Map<string, string[]>();
  for (const m of mounts.filter((x) => x.fstype === 'cgroup2')) {
    const text = await kernel.readText(`${m.mountPoint}/cgroup.controllers`).catch(() => '');
    v2.set(m.mountPoint, text.split(/\s+/).filter(Boolean));
  }
  return cgroupLayout(mounts, (mp) => v2.get(mp) ?? []);
}

function cgroupCheck(layout: CgroupLayout): DoctorCheck {
  if (layout.kind === 'none') return check('cgroups', 'cgroups', 'fail', 'no cgroup hierarchy is mounted', true);
  const parts = layout.hierarchies.map((h) => `${h.mountPoint} (v${h.version}: ${h.controllers.join(',') || 'no controllers'})`);
  const label = layout.kind === 'hybrid' ? 'hybrid (v1 controllers, v2 mounted beside them)' : layout.kind;
  return check('cgroups', 'cgroups', 'ok', `${label}; ${parts.join('; ')}`, true);
}

async function namespacesCheck(kernel: Kernel): Promise<DoctorCheck> {
  const kinds = NAMESPACE_KINDS.filter((k) => k !== 'user');
  const missing: string[] = [];
  for (const k of kinds) if (!(await kernel.namespaceSupported(k))) missing.push(k);
  return missing.length === 0
    ? check('namespaces', 'namespaces', 'ok', `${kinds.join(', ')} available`, true)
    : check('namespaces', 'namespaces', 'fail', `missing: ${missing.join(', ')}`, true);
}

/**
 * Creates a bridge, a veth pair and a macvlan (on the veth, an ethernet link
 * every kernel with veth has) in a throwaway netns, then removes it. A dummy
 * link is tried too but is optional: some kernels are built without it.
 */
async function linksCheck(kernel: Kernel, prefix: string): Promise<DoctorCheck> {
  const name = `${prefix}-${await kernel.pid()}`;
  const made: string[] = [];
  let netns: string | null = null;
  try {
    netns = await kernel.netnsCreate(name);
    const where = { netns };
    await kernel.linkAdd({ kind: 'bridge', name: 'dbk-br' }, where); made.push('bridge');
    await kernel.linkAdd({ kind: 'veth', name: 'dbk-v0', peer: 'dbk-v1' }, where);
    await kernel.linkSet('dbk-v0', { master: 'dbk-br' }, where); made.push('veth');
    await kernel.linkAdd({ kind: 'macvlan', name: 'dbk-mv', parent: 'dbk-v1' }, where); made.push('macvlan');
    const dummy = await kernel.linkAdd({ kind: 'dummy', name: 'dbk-dummy' }, where).then(() => 'dummy too', () => 'no dummy driver');
    return check('links', 'veth/bridge/macvlan', 'ok', `created ${made.join(', ')} (${dummy}) in a throwaway netns and removed it`, true);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return check('links', 'veth/bridge/macvlan', 'fail', `${made.length ? `${made.join(', ')} ok; ` : ''}${why}`, true);
  } finally {
    if (netns) await kernel.netnsDelete(name).catch(() => {});
  }
}

async function which(kernel: Kernel, cmd: string): Promise<string | null> {
  for (const dir of PATH_DIRS) if (await kernel.exists(`${dir}/${cmd}`)) return `${dir}/${cmd}`;
  return null;
}

async function commandCheck(kernel: Kernel, cmd: string, title: string, required: boolean): Promise<DoctorCheck> {
  const at = await which(kernel, cmd);
  return check(cmd, title, at ? 'ok' : required ? 'fail' : 'warn', at ?? `${cmd} not found`, required);
}

async function firewallCheck(kernel: Kernel): Promise<DoctorCheck> {
  const nft = await which(kernel, 'nft');
  const ipt = await which(kernel, 'iptables');
  const found = [nft, ipt].filter((x): x is string => x !== null);
  return found.length
    ? check('firewall', 'nftables/iptables', 'ok', found.join(', '), false)
    : check('firewall', 'nftables/iptables', 'warn', 'neither nft nor iptables: published ports use the userland proxy only', false);
}

async function busyboxCheck(kernel: Kernel): Promise<DoctorCheck> {
  for (const path of ['/bin/busybox', '/usr/bin/busybox']) {
    if (!(await kernel.exists(path))) continue;
    try {
      const isStatic = isStaticElf(await kernel.readFile(path));
      return isStatic
        ? check('busybox', 'busybox-static', 'ok', `${path} (statically linked: the base image is built from it)`, true)
        : check('busybox', 'busybox-static', 'fail', `${path} is dynamically linked; install busybox-static`, true);
    } catch (e) {
      return check('busybox', 'busybox-static', 'fail', `${path}: ${e instanceof Error ? e.message : String(e)}`, true);
    }
  }
  return check('busybox', 'busybox-static', 'fail', 'no busybox: install busybox-static (npm start does, as root)', true);
}

async function diskCheck(kernel: Kernel, stateDir: string): Promise<DoctorCheck> {
  let dir = stateDir;
  while (dir !== '/' && !(await kernel.exists(dir))) dir = dir.slice(0, dir.lastIndexOf('/')) || '/';
  try {
    const { freeBytes } = await kernel.diskSpace(dir);
    const gib = (freeBytes / 1024 ** 3).toFixed(1);
    return check('disk', 'free disk', freeBytes >= MIN_FREE_BYTES ? 'ok' : 'warn', `${gib} GiB free under ${stateDir}`, false);
  } catch (e) {
    return check('disk', 'free disk', 'warn', e instanceof Error ? e.message : String(e), false);
  }
}
