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

export function noLabRunning(): DockbookError {
  return new DockbookError('E_LAB_STATE', 'no lab is running', { hint: 'open a lab first; a shell goes into one of its containers' });
}

export function noSuchLabContainer(name: string, known: readonly string[]): DockbookError {
  const hint = known.length ? `containers of this lab: ${known.join(', ')}` : 'this lab has no containers yet: run a step that starts one';
  return new DockbookError('E_NOT_FOUND', `this lab has no container "${name}"`, { hint });
}

export function labContainerNotRunning(name: string): DockbookError {
  return new DockbookError('E_CONFLICT', `container ${name} is not running`, { hint: 'a shell runs inside a running container: run the step that starts it again' });
}

export function shellInUse(shell: string): DockbookError {
  return new DockbookError('E_EXISTS', `shell ${shell} is already open`, { hint: 'give each shell its own id' });
}
