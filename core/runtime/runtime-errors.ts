import { DockbookError } from '../errors.js';

/** Errors a runtime user sees, worded as runc words them. */
export function containerNotFound(id: string): DockbookError {
  return new DockbookError('E_CONTAINER_NOT_FOUND', `container "${id}" does not exist`, { hint: "see 'dockbook-runtime list'" });
}

export function containerExists(id: string): DockbookError {
  return new DockbookError('E_CONTAINER_EXISTS', `container with id "${id}" already exists`, { hint: 'pick another id, or delete the old container first' });
}

export function badState(id: string, action: string, status: string): DockbookError {
  return new DockbookError('E_CONTAINER_STATE', `cannot ${action} container "${id}": it is ${status}`, {
    hint: action === 'delete' ? 'stop it first, or use delete --force' : undefined,
  });
}

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}$/;

export function checkId(id: string): void {
  if (!ID_RE.test(id)) {
    throw new DockbookError('E_INVALID_ID', `invalid container id "${id}"`, { hint: 'use letters, digits and _ . + - (at most 128)' });
  }
}

/**
 * A program the container cannot run, worded as runc words it, so that
 * docker's client maps it to exit 127 (not found) or 126 (cannot invoke).
 */
export function execFailed(program: string, errnoCode: string, cause: unknown): DockbookError {
  const why = errnoCode === 'ENOENT' ? 'executable file not found in $PATH' : errnoCode === 'EACCES' ? 'permission denied' : errnoCode;
  return new DockbookError('E_EXEC', `unable to start container process: exec: "${program}": ${why}`, {
    hint: 'check the command and that the image contains it', cause, exitCode: errnoCode === 'ENOENT' ? 127 : 126,
  });
}
