import type { ApiContext } from '../api/api-context.js';
import type { Kernel } from '../kernel/kernel.js';
import type { ObservationSpec } from '../../labs/lab-types.js';
import type { ContainerRow, DnsAnswerRecord, Observation } from '../../labs/observation-types.js';
import type { ContainerBook } from './container-book.js';
import { readContainerFile, readHostname } from './observe-in-container.js';
import { observeLayers } from './observe-layers.js';
import { observeProcessTree } from './observe-processes.js';
import { observeNetTopology } from './net-topology.js';
import { observeCgroup } from './cgroup-observe.js';
import type { CgroupSampler } from './cgroup-sampler.js';
import type { LogReceivers } from './log-receivers/log-receivers.js';
import { observeJsonLog } from './observe-json-log.js';
import { noSuchReceiver } from './lab-errors.js';

export function observationKey(spec: ObservationSpec): string {
  return JSON.stringify(spec);
}

function containerState(status: string): ContainerRow['state'] {
  return status === 'running' || status === 'exited' || status === 'created' ? status : 'other';
}

/**
 * Captures observations on the kernel the engine runs on, but not through
 * the tracer: looking must neither show up in the learner's timeline of
 * engine calls nor wait behind a held one.
 */
export class LabObserver {
  private cache = new Map<string, Observation>();

  constructor(
    private readonly kernel: Kernel, private readonly ctx: ApiContext, private readonly book: ContainerBook,
    private readonly hostNetns?: string, private readonly sampler: CgroupSampler | null = null,
    private readonly receivers: LogReceivers | null = null,
  ) {}

  /** Forgets what was seen, so the next capture reads the kernel again. */
  reset(): void {
    this.cache = new Map();
  }

  async capture(spec: ObservationSpec): Promise<{ observation: Observation; fresh: boolean }> {
    const key = observationKey(spec);
    const seen = this.cache.get(key);
    if (seen) return { observation: seen, fresh: false };
    const observation = await this.read(spec);
    this.cache.set(key, observation);
    return { observation, fresh: true };
  }

  /** Reads the kernel now, leaving what capture() saw alone (the live topology of a running step). */
  async read(spec: ObservationSpec): Promise<Observation> {
    const k = this.kernel;
    switch (spec.kind) {
      case 'containers':
        return {
          kind: 'containers',
          containers: this.ctx.engine.list(true).map((c) => ({
            id: c.Id, name: c.Name.replace(/^\//, ''), image: c.ImageRef, state: containerState(c.State.Status), pid: c.State.Pid, exitCode: c.State.ExitCode,
          })),
        };
      case 'processTree':
        return { kind: 'processTree', container: spec.container, processes: await observeProcessTree(k, this.ctx, this.book, spec.container) };
      case 'namespaces': {
        const pid = spec.container === undefined ? await k.pid() : this.book.pid(spec.container);
        return { kind: 'namespaces', container: spec.container ?? null, pid, inodes: pid === null ? {} : await k.namespacesOf(pid) };
      }
      case 'file': {
        const pid = this.book.pid(spec.container);
        const read = pid === null ? { exists: false, content: '', via: 'container not running' } : await readContainerFile(k, pid, spec.path);
        return { kind: 'file', container: spec.container, path: spec.path, ...read };
      }
      case 'mounts': {
        const pid = this.book.pid(spec.container);
        const table = pid === null ? [] : await k.mountTable(pid);
        return { kind: 'mounts', container: spec.container, mounts: table.map((m) => ({ mountPoint: m.mountPoint, fstype: m.fstype, source: m.source, options: m.options })) };
      }
      case 'layers':
        return observeLayers(k, this.ctx, this.book, spec.container, spec.paths ?? []);
      case 'hostname': {
        const pid = spec.container === undefined ? null : this.book.pid(spec.container);
        const hostname = spec.container !== undefined && pid === null ? '' : await readHostname(k, pid);
        return { kind: 'hostname', container: spec.container ?? null, hostname };
      }
      case 'netTopology':
        return observeNetTopology(k, this.ctx, this.hostNetns);
      case 'dnsAnswers': {
        // The answers live in the engine's own process, like the port proxies: only the engine can tell.
        const service = this.ctx.engine.networks as { dnsAnswers?: () => DnsAnswerRecord[] };
        return { kind: 'dnsAnswers', answers: service.dnsAnswers?.() ?? [] };
      }
      case 'cgroup':
        return observeCgroup(k, this.book, this.sampler, spec.container);
      case 'received': {
        const got = this.receivers?.snapshot(spec.receiver);
        if (!got) throw noSuchReceiver(spec.receiver);
        return { kind: 'received', ...got };
      }
      case 'jsonLog':
        return observeJsonLog(k, this.book, spec.container);
    }
  }
}
