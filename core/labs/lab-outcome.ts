import type { CheckSpec, L10n } from '../../labs/lab-types.js';
import type { CommandRecord } from './evaluate-checks.js';
import type { CheckOutcome, HostChangeReport, LabMode } from './lab-events.js';

export interface CheckRecord extends CheckOutcome {
  readonly check: CheckSpec;
}

export interface StepOutcome {
  readonly index: number;
  readonly passed: boolean;
  readonly skipped?: L10n;
  readonly commands: readonly CommandRecord[];
  readonly checks: readonly CheckRecord[];
}

/** A whole run in one value: what the headless CLI prints and tests assert on. */
export interface LabOutcome {
  readonly lab: string;
  readonly mode: LabMode;
  readonly passed: boolean;
  readonly steps: readonly StepOutcome[];
  readonly changes: HostChangeReport;
  readonly errors: readonly { readonly code: string; readonly message: string }[];
}
