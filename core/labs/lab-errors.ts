import { DockbookError } from '../errors.js';

export function noSuchLab(id: string, known: readonly string[]): DockbookError {
  return new DockbookError('E_LAB_NOT_FOUND', `no lab called "${id}"`, { hint: `known labs: ${known.join(', ')}` });
}

export function noSuchStep(lab: string, index: number, count: number): DockbookError {
  return new DockbookError('E_LAB_STEP', `lab ${lab} has no step ${index + 1} (it has ${count})`, { hint: 'steps are numbered from 1' });
}

export function sessionNotOpen(lab: string): DockbookError {
  return new DockbookError('E_LAB_STATE', `lab ${lab} is not open`, { hint: 'call open() first, and do not use a session after close()' });
}

export function noSuchReceiver(name: string): DockbookError {
  return new DockbookError('E_LAB_RECEIVER', `the lab started no log receiver called "${name}"`, { hint: 'a lab lists its receivers in its `receivers` field' });
}
