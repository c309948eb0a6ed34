import type { KernelTraceEvent } from '../kernel/events.js';
import type { CheckSpec, L10n } from '../../labs/lab-types.js';
import type { CgroupSample, Observation } from '../../labs/observation-types.js';

export type LabMode = 'linux' | 'sim';

/** Which part of a lab a kernel call or an error belongs to. */
export type LabPhase = 'setup' | 'step' | 'observe' | 'teardown';

export interface CheckOutcome {
  readonly pass: boolean;
  /** What the observation showed, as the check reads it. */
  readonly observed: unknown;
  readonly expected: unknown;
}

/** What teardown reports: the lab's footprint and that it was given back. */
export interface HostChangeReport {
  readonly containersCreated: readonly string[];
  readonly containersLeft: readonly string[];
  /** How many times each kernel call was made during the lab. */
  readonly kernelCalls: Readonly<Record<string, number>>;
  readonly summary: readonly L10n[];
}

interface Base {
  /** Increases by one per event of a run: a recorded run replays in this order. */
  readonly seq: number;
  readonly lab: string;
}

/**
 * The single stream a lab run produces. The UI draws it, the server forwards
 * it, the headless CLI prints it and a recording is a list of these.
 */
export type LabEvent = Base & (
  /** `labDir`: the run's own host directory, which the lab's texts and commands name as LAB_DIR. */
  | { readonly type: 'lab-started'; readonly mode: LabMode; readonly steps: number; readonly labDir?: string }
  | { readonly type: 'step-started'; readonly step: number; readonly commands: readonly string[]; readonly stepThrough: boolean }
  | { readonly type: 'command-started'; readonly step: number | null; readonly phase: LabPhase; readonly command: number; readonly line: string }
  | { readonly type: 'output'; readonly step: number | null; readonly phase: LabPhase; readonly command: number; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  | { readonly type: 'command-finished'; readonly step: number | null; readonly phase: LabPhase; readonly command: number; readonly exitCode: number }
  | { readonly type: 'kernel-call'; readonly step: number | null; readonly phase: LabPhase; readonly trace: KernelTraceEvent }
  /** `live`: read while the step's commands ran, to redraw a panel mid-step; not what the checks judged. */
  | { readonly type: 'observation'; readonly step: number; readonly observation: Observation; readonly live?: true }
  | { readonly type: 'check-result'; readonly step: number; readonly index: number; readonly check: CheckSpec } & CheckOutcome
  | { readonly type: 'step-finished'; readonly step: number; readonly passed: boolean; readonly skipped?: L10n }
  | { readonly type: 'error'; readonly step: number | null; readonly phase: LabPhase; readonly code: string; readonly message: string; readonly hint?: string }
  | { readonly type: 'lab-finished'; readonly passed: boolean; readonly changes: HostChangeReport }
  // ── cgroups (resource limits) ──
  /** A live reading of a container's cgroup while a step samples it (≥ 10 per second). */
  | { readonly type: 'cgroup-sample'; readonly step: number; readonly container: string; readonly periodUs: number | null; readonly quotaUs: number | null; readonly memoryLimit: number | null; readonly memswLimit: number | null; readonly sample: CgroupSample }
);

export type LabEventType = LabEvent['type'];
export type LabEventListener = (event: LabEvent) => void;
