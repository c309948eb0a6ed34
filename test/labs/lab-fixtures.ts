import { LinuxKernel } from '../../core/kernel/linux/linux-kernel.js';
import type { LabEvent } from '../../core/labs/lab-events.js';
import { linuxLabHost, simLabHost, type LabHost } from '../../core/labs/lab-host.js';
import type { LabOutcome } from '../../core/labs/lab-outcome.js';
import { TEST_PREFIX } from '../helpers/host.js';

/** A host for one lab: a fresh simulated machine, or a dbktest- sandbox on the real kernel. */
export async function labHost(mode: 'sim' | 'linux'): Promise<LabHost> {
  return mode === 'sim' ? simLabHost(42) : linuxLabHost(new LinuxKernel(), `${TEST_PREFIX}-lab${process.pid}`);
}

/** Every check that failed, with what was observed: the message a failing test shows. */
export function failures(outcome: LabOutcome): string[] {
  return [
    ...outcome.errors.map((e) => `${e.code} ${e.message}`),
    ...outcome.steps.flatMap((s) => (s.skipped ? [] : s.checks.filter((c) => !c.pass).map((c) => `step ${s.index + 1}: ${c.check.text.en}: observed ${JSON.stringify(c.observed)}, expected ${JSON.stringify(c.expected)}`))),
    ...outcome.steps.flatMap((s) => s.commands.filter((c) => c.exitCode !== 0).map((c) => `step ${s.index + 1}: ${c.line} → ${c.exitCode}: ${c.stderr.trim()}`)),
  ];
}

export function collector(): { events: LabEvent[]; listener: (e: LabEvent) => void } {
  const events: LabEvent[] = [];
  return { events, listener: (e) => events.push(e) };
}
