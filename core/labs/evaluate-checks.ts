import type { CheckSpec, NsOwner, ObservationSpec } from '../../labs/lab-types.js';
import type { Observation } from '../../labs/observation-types.js';
import type { CheckOutcome } from './lab-events.js';
import { evaluateNetCheck, isNetCheck } from './net-checks.js';
import { evaluateRoundRobin } from './dns-checks.js';
import { evaluateCgroupCheck, evaluateSplitCheck, evaluateTotalCheck } from './cgroup-checks.js';
import { evaluateJsonLogCheck, evaluateReceivedCheck } from './log-checks.js';

/** What one of the step's commands printed and returned. */
export interface CommandRecord {
  readonly line: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

type Lookup = <K extends Observation['kind']>(spec: Extract<ObservationSpec, { kind: K }>) => Extract<Observation, { kind: K }>;

const nsSpec = (o: NsOwner): Extract<ObservationSpec, { kind: 'namespaces' }> => (o === 'host' ? { kind: 'namespaces' } : { kind: 'namespaces', container: o.container });

/** The observations a check reads; the runner captures them before judging. */
export function observationsFor(check: CheckSpec): ObservationSpec[] {
  if (isNetCheck(check)) return [{ kind: 'netTopology' }];
  switch (check.kind) {
    case 'output': return [];
    case 'container-state': return [{ kind: 'containers' }];
    case 'pid-inside':
    case 'parent-is-shim': return [{ kind: 'processTree', container: check.container }];
    case 'namespace': return [nsSpec(check.a), nsSpec(check.b)];
    case 'hostname': return check.equals === 'short-id'
      ? [{ kind: 'hostname', container: check.container }, { kind: 'containers' }]
      : [check.container === undefined ? { kind: 'hostname' } : { kind: 'hostname', container: check.container }];
    case 'file': return [{ kind: 'file', container: check.container, path: check.path }];
    case 'writable-layer':
    case 'image-layer': return [{ kind: 'layers', container: check.container, paths: [check.path] }];
    case 'writable-layer-exists':
    case 'sizes': return [{ kind: 'layers', container: check.container }];
    case 'same-image-layers': return [{ kind: 'layers', container: check.a }, { kind: 'layers', container: check.b }];
    case 'mount': return [{ kind: 'mounts', container: check.container }];
    case 'dns-round-robin': return [{ kind: 'dnsAnswers' }];
    case 'cgroup': return [{ kind: 'cgroup', container: check.container }];
    case 'cpu-split': return [{ kind: 'cgroup', container: check.a }, { kind: 'cgroup', container: check.b }];
    case 'cpu-total': return check.containers.map((container) => ({ kind: 'cgroup', container }));
    case 'received': return [{ kind: 'received', receiver: check.receiver }, ...(check.container === undefined ? [] : [{ kind: 'containers' } as const])];
    case 'json-log': return [{ kind: 'jsonLog', container: check.container }];
  }
}

const outcome = (pass: boolean, observed: unknown, expected: unknown): CheckOutcome => ({ pass, observed, expected });

/** Judges one check on captured observations. Pure: the same data always gives the same verdict. */
export function evaluateCheck(check: CheckSpec, look: Lookup, commands: readonly CommandRecord[]): CheckOutcome {
  if (isNetCheck(check)) return evaluateNetCheck(check, look({ kind: 'netTopology' }));
  switch (check.kind) {
    case 'output': {
      const cmd = commands[check.command ?? commands.length - 1];
      const text = cmd?.stdout ?? '';
      const ok = (check.matches === undefined || new RegExp(check.matches, 'm').test(text))
        && (check.notMatches === undefined || !new RegExp(check.notMatches, 'm').test(text));
      return outcome(ok, text.trimEnd(), { matches: check.matches, notMatches: check.notMatches });
    }
    case 'container-state': {
      const row = look({ kind: 'containers' }).containers.find((c) => c.name === check.container);
      const state = row?.state ?? 'absent';
      const ok = state === check.state && (check.exitCode === undefined || row?.exitCode === check.exitCode);
      return outcome(ok, row ? { state, exitCode: row.exitCode } : { state }, check.exitCode === undefined ? { state: check.state } : { state: check.state, exitCode: check.exitCode });
    }
    case 'pid-inside': {
      const first = look({ kind: 'processTree', container: check.container }).processes.find((p) => p.role === 'container');
      const inside = first?.nsPids[first.nsPids.length - 1];
      return outcome(first !== undefined && inside === check.equals && first.pid !== inside, first ? { hostPid: first.pid, pidInside: inside } : null, { pidInside: check.equals, hostPid: `≠ ${check.equals}` });
    }
    case 'parent-is-shim': {
      const procs = look({ kind: 'processTree', container: check.container }).processes;
      const shim = procs.find((p) => p.role === 'shim');
      const first = procs.find((p) => p.role === 'container');
      return outcome(shim !== undefined && first?.ppid === shim.pid, { parent: first?.ppid ?? null, shim: shim?.pid ?? null }, 'the parent is the shim');
    }
    case 'namespace': {
      const a = look(nsSpec(check.a)).inodes[check.ns];
      const b = look(nsSpec(check.b)).inodes[check.ns];
      const ok = a !== undefined && b !== undefined && (a === b) === check.same;
      return outcome(ok, { a: a ?? null, b: b ?? null }, check.same ? 'equal inodes' : 'different inodes');
    }
    case 'hostname': {
      const name = look(check.container === undefined ? { kind: 'hostname' } : { kind: 'hostname', container: check.container }).hostname;
      let want = check.equals;
      if (want === 'short-id') want = look({ kind: 'containers' }).containers.find((c) => c.name === check.container)?.id.slice(0, 12) ?? '(no such container)';
      const ok = name !== '' && (want === undefined || name === want) && (check.notEquals === undefined || name !== check.notEquals);
      return outcome(ok, name, want !== undefined ? want : `≠ ${check.notEquals ?? ''}`);
    }
    case 'file': {
      const f = look({ kind: 'file', container: check.container, path: check.path });
      const ok = f.exists === check.exists && (check.contains === undefined || f.content.includes(check.contains));
      return outcome(ok, { exists: f.exists, content: f.content.slice(0, 200) }, { exists: check.exists, contains: check.contains });
    }
    case 'writable-layer': {
      const p = look({ kind: 'layers', container: check.container, paths: [check.path] }).paths[0];
      return outcome(p?.writable === check.entry, p?.writable ?? null, check.entry);
    }
    case 'image-layer': {
      const p = look({ kind: 'layers', container: check.container, paths: [check.path] }).paths[0];
      const present = (p?.imageLayers.length ?? 0) > 0;
      return outcome(present === check.present, { layers: p?.imageLayers ?? [] }, check.present ? 'in an image layer' : 'in no image layer');
    }
    case 'writable-layer-exists': {
      const l = look({ kind: 'layers', container: check.container });
      return outcome((l.writableLayer !== null) === check.exists, l.writableLayer?.dir ?? null, check.exists ? 'a writable layer' : 'no writable layer');
    }
    case 'same-image-layers': {
      const a = look({ kind: 'layers', container: check.a }).imageLayers;
      const b = look({ kind: 'layers', container: check.b }).imageLayers;
      return outcome(a.length > 0 && a.join(':') === b.join(':'), { a, b }, 'the same layer directories');
    }
    case 'sizes': {
      const l = look({ kind: 'layers', container: check.container });
      const ok = l.size >= check.sizeAtLeast && l.size < l.virtualSize && l.virtualSize === l.imageSize + l.size;
      return outcome(ok, { size: l.size, imageSize: l.imageSize, virtualSize: l.virtualSize }, { size: `≥ ${check.sizeAtLeast}`, virtualSize: 'imageSize + size' });
    }
    case 'mount': {
      const m = look({ kind: 'mounts', container: check.container }).mounts.find((x) => x.mountPoint === check.mountPoint);
      return outcome(m?.fstype === check.fstype, m ? { mountPoint: m.mountPoint, fstype: m.fstype } : null, { mountPoint: check.mountPoint, fstype: check.fstype });
    }
    case 'dns-round-robin': return evaluateRoundRobin(check, look({ kind: 'dnsAnswers' }));
    case 'cgroup': return evaluateCgroupCheck(check, look({ kind: 'cgroup', container: check.container }));
    case 'cpu-split': return evaluateSplitCheck(check, look({ kind: 'cgroup', container: check.a }), look({ kind: 'cgroup', container: check.b }));
    case 'cpu-total': return evaluateTotalCheck(check, check.containers.map((container) => look({ kind: 'cgroup', container })));
    case 'received': {
      const id = check.container === undefined ? null : look({ kind: 'containers' }).containers.find((c) => c.name === check.container)?.id ?? null;
      return evaluateReceivedCheck(check, look({ kind: 'received', receiver: check.receiver }), id);
    }
    case 'json-log': return evaluateJsonLogCheck(check, look({ kind: 'jsonLog', container: check.container }));
  }
}
