import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { LinuxKernel } from '../../core/kernel/linux/linux-kernel.js';
import type { LabEvent } from '../../core/labs/lab-events.js';
import { linuxLabHost, simLabHost, type LabHost } from '../../core/labs/lab-host.js';
import type { LabOutcome } from '../../core/labs/lab-outcome.js';
import { TEST_PREFIX } from '../helpers/host.js';

/**
 * Whether this host's block layer has BFQ (so blkio.bfq.weight exists): listed among some disk's schedulers.
 * The simulated machine is given the same, so that both kernels are compared on the same kind of host.
 */
export function hostHasBfq(): boolean {
  if (!existsSync('/sys/block')) return true;
  return readdirSync('/sys/block').some((d) => {
    try { return /\bbfq\b/.test(readFileSync(`/sys/block/${d}/queue/scheduler`, 'utf8')); } catch { return false; }
  });
}

/** A host for one lab: a fresh simulated machine (shaped like this host), or a dbktest- sandbox on the real kernel. */
export async function labHost(mode: 'sim' | 'linux'): Promise<LabHost> {
  return mode === 'sim' ? simLabHost(42, 'free', { bfq: hostHasBfq() }) : linuxLabHost(new LinuxKernel(), `${TEST_PREFIX}-lab${process.pid}`);
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
