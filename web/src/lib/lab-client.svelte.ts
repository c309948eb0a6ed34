import type { LabEvent } from '../../../core/labs/lab-events.js';
import type { KernelTraceEvent } from '../../../core/kernel/events.js';
import type { LabClientMessage, LabServerMessage } from '../../../core/web-api/lab-protocol.js';
import { LAB_SOCKET_PATH } from '../../../core/web-api/lab-protocol.js';
import type { Observation } from '../../../labs/observation-types.js';

export interface KernelCallRow {
  readonly seq: number;
  readonly call: string;
  readonly args: readonly unknown[];
  readonly held: boolean;
  readonly done: boolean;
  readonly error?: string;
  readonly ms?: number;
}

/**
 * The UI's view of the running lab: the LabEvent stream from the lab
 * server, folded into what the panels draw. Panels read only this plain
 * data, so a recorded run replays the same way.
 */
class LabClient {
  events = $state<LabEvent[]>([]);
  labId = $state<string | null>(null);
  connected = $state(false);
  busy = $state(false);
  failure = $state<string | null>(null);
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

  private receive(msg: LabServerMessage): void {
    switch (msg.type) {
      case 'history': this.events = [...msg.events]; this.labId = msg.lab; break;
      case 'event':
        this.events.push(msg.event);
        if (msg.event.type === 'lab-started') this.labId = msg.event.lab;
        // Ready for the next action once the lab is set up, or a step has finished.
        if (msg.event.type === 'lab-started' || msg.event.type === 'step-finished' || msg.event.type === 'lab-finished') this.busy = false;
        break;
      case 'reset': this.events = []; this.labId = null; this.busy = false; break;
      case 'failure': this.failure = `${msg.code}: ${msg.message}`; this.busy = false; break;
      case 'busy': break;
    }
  }

  send(msg: LabClientMessage): void {
    this.failure = null;
    if (msg.type === 'step' || msg.type === 'open') this.busy = true;
    if (msg.type === 'open') { this.events = []; this.labId = msg.lab; }
    this.ws?.send(JSON.stringify(msg));
  }

  /** Kernel calls of the lab so far, newest last, with which ones still wait for `continue`. */
  get calls(): KernelCallRow[] {
    const rows = new Map<number, KernelCallRow>();
    for (const e of this.events) {
      if (e.type !== 'kernel-call') continue;
      const t: KernelTraceEvent = e.trace;
      if (t.type === 'call-start') rows.set(t.seq, { seq: t.seq, call: t.call, args: t.args, held: t.held, done: false });
      else rows.set(t.seq, { seq: t.seq, call: t.call, args: t.args, held: false, done: true, error: t.error?.code, ms: t.ms });
    }
    return [...rows.values()];
  }

  get waiting(): KernelCallRow | undefined {
    return this.calls.find((c) => c.held && !c.done);
  }

  stepState(index: number): 'idle' | 'running' | 'passed' | 'failed' {
    let state: 'idle' | 'running' | 'passed' | 'failed' = 'idle';
    for (const e of this.events) {
      if (e.type === 'step-started' && e.step === index) state = 'running';
      if (e.type === 'step-finished' && e.step === index) state = e.passed ? 'passed' : 'failed';
    }
    return state;
  }

  output(index: number): string {
    return this.events
      .filter((e): e is Extract<LabEvent, { type: 'output' | 'command-started' }> => (e.type === 'output' || e.type === 'command-started') && e.step === index)
      .map((e) => (e.type === 'command-started' ? `$ ${e.line}\n` : e.text))
      .join('');
  }

  checks(index: number): Extract<LabEvent, { type: 'check-result' }>[] {
    return this.events.filter((e): e is Extract<LabEvent, { type: 'check-result' }> => e.type === 'check-result' && e.step === index);
  }

  /** The newest observation of a kind (the layers panel draws the latest `layers`). */
  latest<K extends Observation['kind']>(kind: K): Extract<Observation, { kind: K }> | null {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]!;
      if (e.type === 'observation' && e.observation.kind === kind) return e.observation as Extract<Observation, { kind: K }>;
    }
    return null;
  }
}

export const labClient = new LabClient();
