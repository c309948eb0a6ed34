import { expect, it } from 'vitest';
import type { LabEvent } from '../../core/labs/lab-events.js';
import { runLab } from '../../core/labs/run-lab.js';
import { LABS, findLab } from '../../labs/index.js';
import type { SimKernel } from '../../core/sim/index.js';
import type { SimFaults } from '../../core/sim/vfs/faults.js';
import type { Observation } from '../../labs/observation-types.js';
import { describeRoot } from '../helpers/host.js';
import { collector, labHost } from './lab-fixtures.js';

/**
 * What must agree between the real kernel and the simulator, per step, once
 * the things that legitimately differ are normalised away: ids, pids,
 * inode numbers, sizes and timestamps differ; which containers exist and
 * in what state, which files a writable layer holds (and as what), what
 * `docker diff` lists, where a path comes from, and which checks pass must not.
 */
function normalise(o: Observation): unknown {
  switch (o.kind) {
    case 'containers': return { kind: o.kind, containers: o.containers.map((c) => ({ name: c.name, state: c.state, exitCode: c.exitCode })).sort((a, b) => a.name.localeCompare(b.name)) };
    case 'layers': return {
      kind: o.kind, container: o.container, layers: o.imageLayers.length, writable: o.writableLayer?.entries.map((e) => `${e.type} ${e.path}`).sort() ?? null,
      changes: o.changes.map((c) => `${c.kind} ${c.path}`).sort(), paths: o.paths.map((p) => `${p.path}: ${p.writable} [${p.imageLayers.join(',')}]`).sort(),
    };
    case 'file': return { kind: o.kind, container: o.container, path: o.path, exists: o.exists, content: o.content };
    // The host's own name is this VM's; a container's is its short id (12 hex digits) on both.
    case 'hostname': return { kind: o.kind, container: o.container, name: o.container === null ? '(the host)' : /^[0-9a-f]{12}$/.test(o.hostname) ? '(short id)' : o.hostname };
    case 'processTree': return { kind: o.kind, container: o.container, names: o.processes.filter((p) => p.role === 'container').map((p) => p.name).sort(), depth: o.processes.filter((p) => p.role === 'container').map((p) => p.nsPids.length) };
    case 'namespaces': return { kind: o.kind, container: o.container, kinds: Object.keys(o.inodes).sort() };
    case 'mounts': return {
      kind: o.kind, container: o.container,
      mounts: o.mounts
        // Which masked /proc and /sys paths exist depends on how the kernel was built (this one has no
        // /proc/sched_debug, /proc/scsi…): the masks themselves are compared through the checks.
        .filter((m) => !(/^\/(proc|sys)\/./.test(m.mountPoint) && (m.fstype === 'tmpfs' || m.fstype === 'proc')))
        .map((m) => `${m.mountPoint} ${m.fstype}`)
        .sort(),
    };
    case 'netTopology': return normaliseTopology(o);
    // Counters and times differ run to run (and a loaded host gives a loop less CPU); the checks judge them. The limits and the files must agree.
    case 'cgroup': return {
      kind: o.kind, container: o.container, version: o.version, settings: o.settings, oomKilled: o.oomKilled, sampled: o.window !== null,
      flags: o.flags.map((f) => `${f.flag}: ${'file' in f.onHost ? `${f.onHost.file} = ${f.onHost.content}` : 'no file'}`),
    };
    // Times, pids, the host's name and container ids differ; what arrived, in which fields, must not.
    case 'received': return {
      kind: o.kind, receiver: o.receiver.name, address: o.receiver.address, errors: o.receiver.errors,
      lines: o.lines.map((l) => `${l.text} tag=${shortIds(l.tag)} ${AGREED_FIELDS.filter((f) => f in l.fields).map((f) => `${f}=${shortIds(String(l.fields[f]))}`).join(' ')}`).sort(),
    };
    // Two pipes race into one file, so lines are compared as a set per file; sizes agree (times have fixed width).
    case 'jsonLog': return { kind: o.kind, container: o.container, files: o.files.map((f) => ({ size: f.size, lines: f.lines.map((l) => `${l.stream} ${l.log}`).sort() })) };
    // Times and ids differ, and so do the names docker makes up for unnamed containers; who asked what and got which containers, in which order, must not.
    // busybox sends its A and AAAA queries together, so the two kinds may arrive either way round: each kind keeps its own order.
    case 'dnsAnswers': return {
      kind: o.kind,
      answers: [...o.answers.filter((a) => a.type === 'A'), ...o.answers.filter((a) => a.type !== 'A')].map((a) => `${/^[a-z]+_[a-z]+$/.test(a.asker.name) ? '(unnamed)' : a.asker.name} ${a.type} ${a.name} (${a.source}): ${a.addresses.map((x) => `${x.address}=${x.container}`).join(' ')}`),
    };
    default: return o;
  }
}

const AGREED_FIELDS = ['format', 'pri', 'facility', 'severity', 'msgId', 'mode', 'source', 'container_name'] as const;
const shortIds = (s: string) => s.replace(/\b[0-9a-f]{64}\b/g, '(id)').replace(/\b[0-9a-f]{12}\b/g, '(short id)');

/**
 * The network as a learner reads it: which namespaces hold which interfaces
 * (veth and user bridge names carry ids, so only their kind is kept), addresses
 * (IPAM hands them out in the same order on both), which links are bridge
 * ports and veth peers, and where DNAT rules lead. MACs of bridges and host
 * veth ends are random, ifindexes and inodes differ; host ports the engine
 * picked are random too.
 */
function normaliseTopology(o: Extract<Observation, { kind: 'netTopology' }>): unknown {
  const name = (id: string) => id.replace(/veth[0-9a-f]+/g, 'veth*').replace(/br-[0-9a-f]{12}/g, 'br-*');
  return {
    kind: o.kind,
    containers: o.containers.map((c) => `${c.name} ${c.mode} in ${c.namespace}`).sort(),
    // Accepted difference: the simulator models IPv4 only (no fe80:: or ::1).
    nodes: o.topology.nodes.map((n) => `${name(n.id)} ${n.kind}${n.up === undefined ? '' : n.up ? ' up' : ' down'} ${n.addresses.filter((a) => !a.includes(':')).sort().join(' ')}`).sort(),
    // A veth pair with both ends on the host has no "host end": its two ends are listed in name order.
    edges: o.topology.edges.filter((e) => e.kind !== 'in').map((e) => {
      const [a, b] = e.kind === 'veth' && e.from.startsWith('host/') && e.to.startsWith('host/') ? [e.from, e.to].sort() : [e.from, e.to];
      return `${name(a!)} ${e.kind} ${name(b!)}`;
    }).sort(),
    rules: o.topology.rules.map((r) => `${r.proto} ${r.hostPort !== null && r.hostPort < 32768 ? r.hostPort : 'picked'} → ${r.toAddress}:${r.toPort}`).sort(),
  };
}

function digest(events: readonly LabEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.type === 'observation') out.push(`step ${e.step + 1} observed ${JSON.stringify(normalise(e.observation))}`);
    if (e.type === 'check-result') out.push(`step ${e.step + 1} check ${e.index + 1} ${e.pass ? 'passes' : 'fails'}: ${e.check.text.en}`);
    if (e.type === 'step-finished') out.push(`step ${e.step + 1} ${e.passed ? 'passed' : 'failed'}`);
  }
  return out;
}

async function run(lab: (typeof LABS)[number], mode: 'sim' | 'linux', faults?: SimFaults): Promise<string[]> {
  const host = await labHost(mode);
  if (faults) (host.kernel as SimKernel).machine.vfs.faults = faults;
  const { events, listener } = collector();
  try {
    await runLab({ lab, kernel: host.kernel, paths: host.paths, networkHost: host.networkHost, listener });
  } finally {
    await host.dispose();
  }
  return digest(events);
}

describeRoot('the simulator agrees with the real kernel, lab by lab (after normalising ids, pids, inodes and sizes)', () => {
  for (const lab of LABS) {
    it(`${lab.id}: every step observes the same and every check decides the same`, async () => {
      const real = await run(lab, 'linux');
      const sim = await run(lab, 'sim');
      expect(real.length).toBeGreaterThan(lab.steps.length);
      // A readable diff: each line that differs, the real kernel's first.
      const differences = real.flatMap((line, i) => (line === sim[i] ? [] : [`real: ${line}\n sim: ${sim[i] ?? '(nothing)'}`]));
      expect(differences.join('\n\n')).toBe('');
      expect(sim).toHaveLength(real.length);
    }, 180_000);
  }

  it('catches a simulator that writes to the image layer instead of copying up', async () => {
    const lab = findLab('layers-and-copy-on-write')!;
    const real = await run(lab, 'linux');
    const broken = await run(lab, 'sim', { overlayWriteLowerInPlace: true });
    const firstDifference = real.findIndex((line, i) => line !== broken[i]);
    expect(firstDifference).toBeGreaterThanOrEqual(0);
    // It shows up where the lab first modifies a file of the image.
    expect(real[firstDifference]).toMatch(/^step 3 /);
  }, 180_000);

  it('catches a simulator that ignores CLONE_NEWPID', async () => {
    const lab = findLab('namespaces')!;
    const real = await run(lab, 'linux');
    const broken = await run(lab, 'sim', { pidNamespaceNotCreated: true });
    const firstDifference = real.findIndex((line, i) => line !== broken[i]);
    expect(firstDifference).toBeGreaterThanOrEqual(0);
    // It shows up at once: the lab's first step compares the containers' pid namespaces with the host's.
    expect(real[firstDifference]).toMatch(/^step 1 /);
    // And where the lab runs ps inside a container, which now sees the host's processes.
    expect(real.filter((line, i) => line.startsWith('step 2 ') && line !== broken[i]).length).toBeGreaterThan(0);
  }, 180_000);
});
