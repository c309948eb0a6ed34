import type { CgroupLayout } from '../runtime/cgroups/layout.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /** When false, a failure of this check alone does not stop real mode. */
  readonly requiredForReal: boolean;
}

export interface DoctorReport {
  readonly host: { readonly kernel: string; readonly machine: string; readonly root: boolean; readonly stateDir: string };
  readonly cgroups: CgroupLayout;
  readonly checks: readonly DoctorCheck[];
  /** Which mode labs will run in, and the one-line reason. */
  readonly mode: 'linux' | 'sim';
  readonly reason: string;
}

export function decideMode(checks: readonly DoctorCheck[]): { mode: 'linux' | 'sim'; reason: string } {
  const blocking = checks.filter((c) => c.requiredForReal && c.status === 'fail');
  if (blocking.length === 0) return { mode: 'linux', reason: 'this host can run real containers: labs run on the real kernel' };
  return {
    mode: 'sim',
    reason: `real mode unavailable (${blocking.map((c) => `${c.title}: ${c.detail}`).join('; ')}): labs run in the simulator`,
  };
}
