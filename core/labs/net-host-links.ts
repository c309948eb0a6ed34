import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import type { NetNsRef } from '../kernel/types.js';
import type { NetworkHost } from '../network/network-record.js';
import type { Lab } from '../../labs/lab-types.js';

/**
 * Where a lab's host links go: the sandbox's namespace on Linux, the
 * simulated machine's own. A real host's namespace is refused, so a lab
 * never adds links to the machine it runs on.
 */
function whereFor(kernel: Kernel, lab: Lab, host: NetworkHost | undefined): NetNsRef | null {
  if (!lab.hostLinks?.length) return null;
  if (host?.netns) return { netns: host.netns };
  if (kernel.kind === 'sim') return {};
  throw new DockbookError('E_LAB_SETUP', `lab ${lab.id} needs host links but runs without a sandbox network namespace`, { hint: 'run it with dockbook lab run, which gives every lab a namespace of its own' });
}

/** The veth pairs a lab asked for, both ends up, made through the traced kernel so the learner sees them made. */
export async function makeHostLinks(kernel: Kernel, lab: Lab, host: NetworkHost | undefined): Promise<void> {
  const where = whereFor(kernel, lab, host);
  if (!where) return;
  for (const l of lab.hostLinks ?? []) {
    await kernel.linkAdd({ kind: 'veth', name: l.name, peer: l.peer }, where);
    await kernel.linkSet(l.name, { up: true }, where);
    await kernel.linkSet(l.peer, { up: true }, where);
  }
}

/** Deleting one end of a veth pair deletes both; a link already gone is fine. */
export async function removeHostLinks(kernel: Kernel, lab: Lab, host: NetworkHost | undefined): Promise<void> {
  const where = whereFor(kernel, lab, host);
  if (!where) return;
  const present = new Set((await kernel.links(where)).map((l) => l.name));
  for (const l of lab.hostLinks ?? []) if (present.has(l.name)) await kernel.linkDelete(l.name, where);
}
