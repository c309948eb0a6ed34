import type { ApiContext } from '../api/api-context.js';
import { inProcessTransport } from '../api/in-process-transport.js';
import { runDockerCommand } from '../cli/docker/docker-cli.js';
import type { DockerIo } from '../cli/docker/docker-io.js';
import type { EnginePaths } from '../config.js';
import { buildEngine } from '../engine/build-engine.js';
import { asDockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import { KernelTracer } from '../kernel/tracing-kernel.js';
import type { NetworkHost } from '../network/network-record.js';
import type { Lab, ObservationSpec } from '../../labs/lab-types.js';
import type { Observation } from '../../labs/observation-types.js';
import { dockerArgv } from './command-line.js';
import { ContainerBook } from './container-book.js';
import { evaluateCheck, observationsFor, type CommandRecord } from './evaluate-checks.js';
import type { LabEvent, LabEventListener, LabMode, LabPhase } from './lab-events.js';
import { noSuchStep, sessionNotOpen } from './lab-errors.js';
import type { CheckRecord, LabOutcome, StepOutcome } from './lab-outcome.js';
import { LabObserver, observationKey } from './observer.js';
import { makeHostLinks, removeHostLinks } from './net-host-links.js';
import { CgroupSampler } from './cgroup-sampler.js';
import { LogReceivers } from './log-receivers/log-receivers.js';
import { LiveTopology } from './live-topology.js';
import { fillLabDir, labDirOf } from './lab-dir.js';

export interface LabSessionOptions {
  readonly lab: Lab;
  /** The kernel the engine runs on, untraced: the session wraps it in its own tracer. */
  readonly kernel: Kernel;
  readonly paths: EnginePaths;
  /** A sandbox gives "the host" side of networking a namespace of its own. */
  readonly networkHost?: NetworkHost;
  readonly listener?: LabEventListener;
  /**
   * Steps that look at the network also send it mid-step, shortly after
   * each call that changes it (the UI's live redraw). Off for headless runs,
   * whose output is the checks.
   */
  readonly liveTopology?: boolean;
}

type Payload = LabEvent extends infer E ? (E extends LabEvent ? Omit<E, 'seq' | 'lab'> : never) : never;

const SETTLE_POLL_MS = 100;

/**
 * One lab on one engine. The engine runs on a KernelTracer over the given
 * kernel, so every call it makes becomes a `kernel-call` event and can be
 * held; observations read the kernel beside the tracer. A step runs whole
 * or one kernel call at a time (`stepThrough`, then `continueCall()` per
 * call). `close()` always tears down, whatever happened before.
 */
export class LabSession {
  readonly lab: Lab;
  readonly mode: LabMode;
  private readonly tracer: KernelTracer;
  private readonly listeners = new Set<LabEventListener>();
  private ctx: ApiContext | null = null;
  private book: ContainerBook | null = null;
  private observer: LabObserver | null = null;
  private sampler: CgroupSampler | null = null;
  private receivers: LogReceivers | null = null;
  private live: LiveTopology | null = null;
  private seq = 0;
  private phase: LabPhase = 'setup';
  private step: number | null = null;
  private closed = false;
  private readonly calls = new Map<string, number>();
  private readonly outcomes: StepOutcome[] = [];
  private readonly errors: { code: string; message: string }[] = [];

  constructor(private readonly opts: LabSessionOptions) {
    this.lab = opts.lab;
    this.mode = opts.kernel.kind;
    this.tracer = new KernelTracer(opts.kernel);
    if (opts.listener) this.listeners.add(opts.listener);
    this.tracer.subscribe((trace) => {
      if (trace.type === 'call-end') this.calls.set(trace.call, (this.calls.get(trace.call) ?? 0) + 1);
      this.emit({ type: 'kernel-call', step: this.step, phase: this.phase, trace });
      if (trace.type === 'call-end') this.live?.callEnded(trace.call);
    });
  }

  subscribe(listener: LabEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(payload: Payload): void {
    const event = { seq: ++this.seq, lab: this.lab.id, ...payload } as LabEvent;
    for (const l of this.listeners) {
      try { l(event); } catch { /* a broken viewer must not stop the lab */ }
    }
  }

  private fail(e: unknown): void {
    const err = asDockbookError(e);
    this.errors.push({ code: err.code, message: err.message });
    this.emit({ type: 'error', step: this.step, phase: this.phase, code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) });
  }

  /** Reports an error that ended the run early (setup, the engine); close() still tears down. */
  recordFailure(e: unknown): void {
    this.fail(e);
  }

  /** Builds the engine and runs the lab's setup lines. */
  async open(): Promise<void> {
    this.phase = 'setup';
    // Announced first: building the engine already makes kernel calls the timeline shows.
    this.emit({ type: 'lab-started', mode: this.mode, steps: this.lab.steps.length, labDir: labDirOf(this.opts.paths) });
    // The lab's log receivers listen in its host namespace: the drivers dial from there, as dockerd dials from the host's.
    const logNetns = this.opts.networkHost?.netns;
    this.ctx = await buildEngine({ kernel: this.tracer.kernel, paths: this.opts.paths, networkHost: this.opts.networkHost, ...(logNetns ? { logNetns } : {}) });
    this.book = new ContainerBook(this.ctx);
    this.sampler = new CgroupSampler(this.opts.kernel, this.book);
    await makeHostLinks(this.tracer.kernel, this.lab, this.opts.networkHost);
    // Lab machinery, not the engine's work: started beside the tracer, in "the host" the engine's log drivers dial from.
    if (this.lab.receivers?.length) {
      const netns = this.opts.networkHost?.netns;
      this.receivers = await LogReceivers.start(this.opts.kernel, this.lab.receivers, netns ? { netns } : {});
    }
    this.observer = new LabObserver(this.opts.kernel, this.ctx, this.book, this.opts.networkHost?.netns, this.sampler, this.receivers);
    if (this.opts.liveTopology) {
      const observer = this.observer;
      this.live = new LiveTopology(this.opts.kernel, () => observer.read({ kind: 'netTopology' }), (observation) => {
        if (this.step !== null) this.emit({ type: 'observation', step: this.step, observation, live: true });
      });
    }
    for (const [i, line] of this.lab.setup.entries()) {
      const r = await this.command(i, line);
      if (r.exitCode !== 0) throw asDockbookError(new Error(`setup failed: ${line}: ${r.stderr.trim()}`), 'E_LAB_SETUP');
    }
  }

  private ready(): { ctx: ApiContext; book: ContainerBook; observer: LabObserver } {
    if (!this.ctx || !this.book || !this.observer || this.closed) throw sessionNotOpen(this.lab.id);
    return { ctx: this.ctx, book: this.book, observer: this.observer };
  }

  /** Runs one command line as the docker CLI would, printing into events; the line as run names the run's own directory. */
  private async command(index: number, written: string): Promise<CommandRecord> {
    const { ctx, book } = this.ready();
    const line = fillLabDir(written, labDirOf(this.opts.paths));
    const decoder = new TextDecoder();
    let stdout = '';
    let stderr = '';
    const print = (stream: 'stdout' | 'stderr') => (data: string | Uint8Array) => {
      const text = typeof data === 'string' ? data : decoder.decode(data);
      if (stream === 'stdout') stdout += text;
      else stderr += text;
      this.emit({ type: 'output', step: this.step, phase: this.phase, command: index, stream, text });
    };
    const io: DockerIo = { api: inProcessTransport(ctx), program: 'docker', out: print('stdout'), err: print('stderr') };
    this.emit({ type: 'command-started', step: this.step, phase: this.phase, command: index, line });
    let exitCode: number;
    try {
      exitCode = await runDockerCommand(io, dockerArgv(line), this.opts.kernel.now());
    } catch (e) {
      const err = asDockbookError(e);
      io.err(`docker: ${err.message}\n`);
      exitCode = err.exitCode;
    }
    book.refresh();
    this.emit({ type: 'command-finished', step: this.step, phase: this.phase, command: index, exitCode });
    return { line, stdout, stderr, exitCode };
  }

  /** The lab's engine while the session is open: a learner's shell goes through its Engine API. */
  engineApi(): ApiContext | null {
    return this.closed ? null : this.ctx;
  }

  /** Lets the oldest held kernel call run; returns its seq, or null when none waits. */
  continueCall(): number | null {
    return this.tracer.continue();
  }

  /** Seq numbers of kernel calls waiting for `continueCall()`. */
  heldCalls(): number[] {
    return this.tracer.waiting();
  }

  /** Stops holding: the rest of the step runs whole. */
  runToEnd(): void {
    this.tracer.release();
  }

  /** Runs step `index` (from 0): its commands, then its observations and checks. */
  async runStep(index: number, opts: { stepThrough?: boolean } = {}): Promise<StepOutcome> {
    const { observer } = this.ready();
    const step = this.lab.steps[index];
    if (!step) throw noSuchStep(this.lab.id, index, this.lab.steps.length);
    this.phase = 'step';
    this.step = index;
    this.emit({ type: 'step-started', step: index, commands: step.commands.map((c) => fillLabDir(c, labDirOf(this.opts.paths))), stepThrough: opts.stepThrough === true });
    const commands: CommandRecord[] = [];
    let commandsOk = true;
    if (step.observe.some((o) => o.kind === 'netTopology') || step.checks.some((c) => observationsFor(c).some((o) => o.kind === 'netTopology'))) this.live?.start();
    if (opts.stepThrough) this.tracer.hold();
    try {
      for (const [i, line] of step.commands.entries()) {
        const r = await this.command(i, line);
        commands.push(r);
        if (r.exitCode !== 0) {
          commandsOk = false;
          this.fail(asDockbookError(new Error(`\`${line}\` exited with ${r.exitCode}`), 'E_LAB_COMMAND'));
          break;
        }
      }
    } finally {
      if (opts.stepThrough) this.tracer.release();
      await this.live?.stop();
    }
    this.phase = 'observe';
    this.sampler?.reset();
    if (step.sample && commandsOk) {
      try {
        await this.sampler?.run(step.sample.containers, step.sample.ms, index, (e) => this.emit(e));
      } catch (e) {
        this.fail(e);
      }
    }
    let judged: { observations: Observation[]; checks: CheckRecord[] };
    try {
      judged = await this.judge(observer, step.observe, step.checks, commands, step.settleMs ?? 0);
    } catch (e) {
      this.fail(e);
      judged = { observations: [], checks: [] };
      commandsOk = false;
    }
    for (const observation of judged.observations) this.emit({ type: 'observation', step: index, observation });
    for (const [i, c] of judged.checks.entries()) this.emit({ type: 'check-result', step: index, index: i, ...c });
    const passed = commandsOk && judged.checks.every((c) => c.pass);
    this.emit({ type: 'step-finished', step: index, passed });
    const outcome: StepOutcome = { index, passed, commands, checks: judged.checks };
    this.outcomes.push(outcome);
    return outcome;
  }

  /** Captures, judges, and if allowed looks again until the checks hold or time is up. */
  private async judge(observer: LabObserver, listed: readonly ObservationSpec[], checks: Lab['steps'][number]['checks'], commands: readonly CommandRecord[], settleMs: number) {
    const k = this.opts.kernel;
    const deadline = k.monotonic() + settleMs;
    for (;;) {
      observer.reset();
      const seen = new Map<string, Observation>();
      const order: Observation[] = [];
      const capture = async (spec: ObservationSpec) => {
        const { observation } = await observer.capture(spec);
        if (!seen.has(observationKey(spec))) order.push(observation);
        seen.set(observationKey(spec), observation);
      };
      for (const spec of listed) await capture(spec);
      for (const check of checks) for (const spec of observationsFor(check)) await capture(spec);
      const look = ((spec: ObservationSpec) => seen.get(observationKey(spec))!) as Parameters<typeof evaluateCheck>[1];
      const results: CheckRecord[] = checks.map((check) => ({ check, ...evaluateCheck(check, look, commands) }));
      if (results.every((r) => r.pass) || k.monotonic() >= deadline) return { observations: order, checks: results };
      await k.sleep(SETTLE_POLL_MS);
    }
  }

  /** Marks a step as not run (an earlier one failed). */
  skipStep(index: number): void {
    const skipped = { ko: '앞 단계가 실패해서 실행하지 않았습니다.', en: 'Not run: an earlier step failed.' };
    this.emit({ type: 'step-finished', step: index, passed: false, skipped });
    this.outcomes.push({ index, passed: false, skipped, commands: [], checks: [] });
  }

  /**
   * Teardown: the lab's own lines, then every container the engine still
   * has is removed by force. Runs whatever state the lab is in; held calls
   * are released first so nothing waits for a learner who has left.
   */
  async close(): Promise<LabOutcome> {
    if (this.closed) throw sessionNotOpen(this.lab.id);
    this.tracer.release();
    await this.live?.stop();
    this.phase = 'teardown';
    this.step = null;
    const created = this.book?.names() ?? [];
    let left: string[] = [];
    if (this.ctx && this.book) {
      for (const [i, line] of this.lab.teardown.entries()) {
        try { await this.command(i, line); } catch (e) { this.fail(e); }
      }
      for (const c of this.ctx.engine.list(true)) {
        try { await this.ctx.engine.remove(c.Id, { force: true }); } catch (e) { this.fail(e); }
      }
      left = this.ctx.engine.list(true).map((c) => c.Name.replace(/^\//, ''));
    }
    await this.receivers?.stop();
    this.receivers = null;
    await removeHostLinks(this.tracer.kernel, this.lab, this.opts.networkHost).catch((e: unknown) => this.fail(e));
    this.closed = true;
    const changes = { containersCreated: created, containersLeft: left, kernelCalls: Object.fromEntries([...this.calls].sort()), summary: this.lab.hostChanges };
    const passed = this.outcomes.length === this.lab.steps.length && this.outcomes.every((s) => s.passed) && left.length === 0 && this.errors.length === 0;
    this.emit({ type: 'lab-finished', passed, changes });
    return { lab: this.lab.id, mode: this.mode, passed, steps: [...this.outcomes], changes, errors: [...this.errors] };
  }
}
