import type { LabEvent } from '../../../core/labs/lab-events.js';
import type { LabClientMessage, LabContainer, LabServerMessage, ShellClientMessage, ShellServerMessage } from '../../../core/web-api/lab-protocol.js';
import { LAB_SOCKET_PATH } from '../../../core/web-api/lab-protocol.js';
import type { Observation } from '../../../labs/observation-types.js';
import { makeRecording, type LabRecording } from '../../../core/web-api/recording.js';
import { CgroupFold } from './cgroup-series.js';

export interface KernelCallRow {
  readonly seq: number;
  readonly call: string;
  readonly args: readonly unknown[];
  readonly held: boolean;
  readonly done: boolean;
  readonly error?: string;
  readonly ms?: number;
}

type StepState = 'idle' | 'running' | 'passed' | 'failed';
type CheckEvent = Extract<LabEvent, { type: 'check-result' }>;

interface StepView {
  state: StepState;
  output: string;
  checks: CheckEvent[];
}

/**
 * The UI's view of the running lab: the LabEvent stream from the lab
 * server, folded as it arrives into what the panels draw (a lab makes
 * thousands of kernel calls, so nothing is re-scanned per render). Panels
 * read only this plain data, so a recorded run replays the same way.
 */
class LabClient {
  labId = $state<string | null>(null);
  connected = $state(false);
  busy = $state(false);
  failure = $state<string | null>(null);
  /** A recording being replayed: nothing is sent anywhere, the events are shown up to `replayAt`. */
  replay = $state<LabRecording | null>(null);
  replayAt = $state(0);
  /** Bumped (at most once per frame) when the folded state changed: the panels re-read then. */
  version = $state(0);

  private readonly callRows = new Map<number, KernelCallRow>();
  private callOrder: number[] = [];
  private steps = new Map<number, StepView>();
  /** Every event of the current run, in order: what Save writes. */
  private events: LabEvent[] = [];
  /** Per kind, every observation the newest step that looked at that kind made (several containers side by side). */
  private lastStepByKind = new Map<string, { step: number; observations: Observation[] }>();
  /** cgroup samples and observations per container (the CFS, memory and flag panels). */
  readonly cgroups = new CgroupFold();
  private held: number | null = null;
  private bumpQueued = false;
  private link: { send(msg: LabClientMessage): void } | null = null;
  /** The running lab's containers, for the shells a learner can open (none in a replay: there is no engine). */
  containers = $state<readonly LabContainer[]>([]);
  private readonly shellHandlers = new Map<string, (msg: ShellServerMessage) => void>();
  /** The run's own host directory, which lab texts name as LAB_DIR (null until a lab has started). */
  labDir = $state<string | null>(null);
  /** Where labs run: the lab server (real kernel or its simulator), or a worker in this page. */
  where = $state<'server' | 'worker' | null>(null);

  /** `server`: the lab server's WebSocket. `worker`: the engine and simulator in a web worker, no server needed. */
  connect(where: 'server' | 'worker'): void {
    if (this.link) return;
    this.where = where;
    if (where === 'worker') {
      const worker = new Worker(new URL('../worker/lab-worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (m: MessageEvent<LabServerMessage>) => this.receive(m.data);
      this.link = { send: (msg) => worker.postMessage(msg) };
      this.connected = true;
      return;
    }
    const url = new URL(LAB_SOCKET_PATH, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    this.link = { send: (msg) => ws.send(JSON.stringify(msg)) };
    ws.onopen = () => { this.connected = true; };
    ws.onclose = () => { this.connected = false; this.link = null; };
    ws.onmessage = (m) => this.receive(JSON.parse(String(m.data)) as LabServerMessage);
  }

  private clear(): void {
    this.events = [];
    this.callRows.clear();
    this.callOrder = [];
    this.steps = new Map();
    this.lastStepByKind = new Map();
    this.cgroups.clear();
    this.held = null;
    this.labDir = null;
    this.bump();
  }

  private bump(): void {
    if (this.bumpQueued) return;
    this.bumpQueued = true;
    requestAnimationFrame(() => {
      this.bumpQueued = false;
      this.version++;
    });
  }

  private step(i: number): StepView {
    let s = this.steps.get(i);
    if (!s) this.steps.set(i, (s = { state: 'idle', output: '', checks: [] }));
    return s;
  }

  private fold(e: LabEvent): void {
    this.events.push(e);
    switch (e.type) {
      case 'lab-started': this.labId = e.lab; this.labDir = e.labDir ?? null; this.busy = false; break;
      case 'step-started': this.step(e.step).state = 'running'; break;
      case 'command-started': if (e.step !== null) this.step(e.step).output += `$ ${e.line}\n`; break;
      case 'output': if (e.step !== null) this.step(e.step).output += e.text; break;
      case 'check-result': this.step(e.step).checks.push(e); break;
      case 'observation': {
        const last = this.lastStepByKind.get(e.observation.kind);
        if (last && last.step === e.step) last.observations.push(e.observation);
        else this.lastStepByKind.set(e.observation.kind, { step: e.step, observations: [e.observation] });
        if (e.observation.kind === 'cgroup') this.cgroups.observation(e.observation);
        break;
      }
      case 'cgroup-sample': this.cgroups.sample(e); break;
      case 'step-finished': this.step(e.step).state = e.passed ? 'passed' : 'failed'; this.busy = false; break;
      case 'lab-finished': this.busy = false; break;
      case 'kernel-call': {
        const t = e.trace;
        if (!this.callRows.has(t.seq)) this.callOrder.push(t.seq);
        if (t.type === 'call-start') {
          this.callRows.set(t.seq, { seq: t.seq, call: t.call, args: t.args, held: t.held, done: false });
          if (t.held) this.held = t.seq;
        } else {
          this.callRows.set(t.seq, { seq: t.seq, call: t.call, args: t.args, held: false, done: true, error: t.error?.code, ms: t.ms });
          if (this.held === t.seq) this.held = null;
        }
        break;
      }
      default: break;
    }
  }

  private receive(msg: LabServerMessage): void {
    if (this.replay) return;
    switch (msg.type) {
      case 'history':
        this.clear();
        this.labId = msg.lab;
        for (const e of msg.events) this.fold(e);
        break;
      case 'event': this.fold(msg.event); break;
      case 'reset': this.clear(); this.labId = null; this.busy = false; this.containers = []; break;
      case 'failure': this.failure = `${msg.code}: ${msg.message}`; this.busy = false; break;
      case 'busy': break;
      case 'containers': this.containers = msg.containers; return;
      default:
        // A shell's bytes go to its terminal only: the panels do not redraw for keystrokes.
        if (msg.type.startsWith('shell-')) this.shellHandlers.get((msg as ShellServerMessage).shell)?.(msg as ShellServerMessage);
        return;
    }
    this.bump();
  }

  /** The run so far as a recording (a teacher saves a real run; a class replays it offline). */
  recording(): LabRecording | null {
    return this.labId ? makeRecording(this.labId, this.events, new Date().toISOString()) : null;
  }

  /** Shows a recording instead of a live run, all of it at first. */
  startReplay(rec: LabRecording): void {
    this.replay = rec;
    this.seek(rec.events.length);
  }

  /** Re-folds the recording's first `n` events: the panels show the run as it was at that point. */
  seek(n: number): void {
    const rec = this.replay;
    if (!rec) return;
    this.clear();
    this.labId = rec.lab;
    this.replayAt = Math.max(0, Math.min(n, rec.events.length));
    for (const e of rec.events.slice(0, this.replayAt)) this.fold(e);
    this.busy = false;
  }

  stopReplay(): void {
    this.replay = null;
    this.clear();
    this.labId = null;
  }

  send(msg: LabClientMessage): void {
    if (this.replay) return;
    this.failure = null;
    if (msg.type === 'step' || msg.type === 'open') this.busy = true;
    if (msg.type === 'open') { this.clear(); this.labId = msg.lab; }
    this.link?.send(msg);
  }

  /** Sends a shell's message as it is: typing must not clear the lab's failure line or mark it busy. */
  sendShell(msg: ShellClientMessage): void {
    if (!this.replay) this.link?.send(msg);
  }

  /** What the server says about one shell, until the returned function is called. */
  onShell(shell: string, handler: (msg: ShellServerMessage) => void): () => void {
    this.shellHandlers.set(shell, handler);
    return () => { if (this.shellHandlers.get(shell) === handler) this.shellHandlers.delete(shell); };
  }

  get callCount(): number {
    void this.version;
    return this.callOrder.length;
  }

  /** The last `n` kernel calls, oldest first. */
  recentCalls(n: number): KernelCallRow[] {
    void this.version;
    return this.callOrder.slice(-n).map((s) => this.callRows.get(s)!);
  }

  /** The call waiting for `continue`, if any. */
  get waiting(): KernelCallRow | undefined {
    void this.version;
    return this.held === null ? undefined : this.callRows.get(this.held);
  }

  stepState(index: number): StepState {
    void this.version;
    return this.steps.get(index)?.state ?? 'idle';
  }

  output(index: number): string {
    void this.version;
    return this.steps.get(index)?.output ?? '';
  }

  checks(index: number): CheckEvent[] {
    void this.version;
    return this.steps.get(index)?.checks ?? [];
  }

  /** The containers the latest sampling step read, with their samples. */
  cgroupSeries(): ReturnType<CgroupFold['current']> {
    void this.version;
    return this.cgroups.current();
  }

  /** The newest observation of a kind (the layers panel draws the latest `layers`). */
  latest<K extends Observation['kind']>(kind: K): Extract<Observation, { kind: K }> | null {
    void this.version;
    // The newest one is the last the newest step made.
    return (this.lastStepByKind.get(kind)?.observations.at(-1) as Extract<Observation, { kind: K }> | undefined) ?? null;
  }

  /** Every observation of a kind made by the newest step that made any (the namespaces of host, a and b together). */
  latestStep<K extends Observation['kind']>(kind: K): { step: number; observations: Extract<Observation, { kind: K }>[] } | null {
    void this.version;
    const last = this.lastStepByKind.get(kind);
    return last ? { step: last.step, observations: last.observations as Extract<Observation, { kind: K }>[] } : null;
  }
}

export const labClient = new LabClient();
