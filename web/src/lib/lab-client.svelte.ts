import type { LabEvent } from '../../../core/labs/lab-events.js';
import type { LabClientMessage, LabServerMessage } from '../../../core/web-api/lab-protocol.js';
import { LAB_SOCKET_PATH } from '../../../core/web-api/lab-protocol.js';
import type { Observation } from '../../../labs/observation-types.js';
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
  /** Bumped (at most once per frame) when the folded state changed: the panels re-read then. */
  version = $state(0);

  private readonly callRows = new Map<number, KernelCallRow>();
  private callOrder: number[] = [];
  private steps = new Map<number, StepView>();
  private latestByKind = new Map<string, Observation>();
  /** cgroup samples and observations per container (the CFS, memory and flag panels). */
  readonly cgroups = new CgroupFold();
  private held: number | null = null;
  private bumpQueued = false;
  private ws: WebSocket | null = null;

  connect(): void {
    if (this.ws) return;
    const url = new URL(LAB_SOCKET_PATH, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => { this.connected = true; };
    ws.onclose = () => { this.connected = false; this.ws = null; };
    ws.onmessage = (m) => this.receive(JSON.parse(String(m.data)) as LabServerMessage);
  }

  private clear(): void {
    this.callRows.clear();
    this.callOrder = [];
    this.steps = new Map();
    this.latestByKind = new Map();
    this.cgroups.clear();
    this.held = null;
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
    switch (e.type) {
      case 'lab-started': this.labId = e.lab; this.busy = false; break;
      case 'step-started': this.step(e.step).state = 'running'; break;
      case 'command-started': if (e.step !== null) this.step(e.step).output += `$ ${e.line}\n`; break;
      case 'output': if (e.step !== null) this.step(e.step).output += e.text; break;
      case 'check-result': this.step(e.step).checks.push(e); break;
      case 'observation':
        this.latestByKind.set(e.observation.kind, e.observation);
        if (e.observation.kind === 'cgroup') this.cgroups.observation(e.observation);
        break;
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
    switch (msg.type) {
      case 'history':
        this.clear();
        this.labId = msg.lab;
        for (const e of msg.events) this.fold(e);
        break;
      case 'event': this.fold(msg.event); break;
      case 'reset': this.clear(); this.labId = null; this.busy = false; break;
      case 'failure': this.failure = `${msg.code}: ${msg.message}`; this.busy = false; break;
      case 'busy': break;
    }
    this.bump();
  }

  send(msg: LabClientMessage): void {
    this.failure = null;
    if (msg.type === 'step' || msg.type === 'open') this.busy = true;
    if (msg.type === 'open') { this.clear(); this.labId = msg.lab; }
    this.ws?.send(JSON.stringify(msg));
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
    return (this.latestByKind.get(kind) as Extract<Observation, { kind: K }> | undefined) ?? null;
  }
}

export const labClient = new LabClient();
