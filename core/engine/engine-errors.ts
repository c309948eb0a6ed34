import { DockbookError } from '../errors.js';

/** Errors worded as dockerd words them; the API maps the codes to Docker's HTTP statuses. */
export const noSuchContainer = (ref: string) =>
  new DockbookError('E_NO_SUCH_CONTAINER', `No such container: ${ref}`, { hint: "see 'dockbook ps -a'" });

export const noSuchImage = (ref: string) =>
  new DockbookError('E_NO_SUCH_IMAGE', `No such image: ${ref}`, { hint: 'this engine has no registry yet: load or build the image first (busybox is built in)' });

export const nameConflict = (name: string, id: string) =>
  new DockbookError('E_NAME_CONFLICT', `Conflict. The container name "/${name}" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.`);

export const notRunning = (id: string) =>
  new DockbookError('E_NOT_RUNNING', `Container ${id} is not running`);

export const removeRunning = (id: string) =>
  new DockbookError('E_CONFLICT', `cannot remove container "${id}": container is running: stop the container before removing or force remove`);

export const invalidName = (name: string) =>
  new DockbookError('E_INVALID_ARGUMENT', `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
