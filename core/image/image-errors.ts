import { DockbookError } from '../errors.js';

export function imageNotFound(ref: string): DockbookError {
  return new DockbookError('E_IMAGE_NOT_FOUND', `No such image: ${ref}`, {
    hint: '`dockbook images` lists what is here; busybox:latest can be built offline',
    exitCode: 1,
  });
}

/** Docker calls these "conflict": the operation would break something that depends on the image. */
export function imageConflict(message: string, hint: string): DockbookError {
  return new DockbookError('E_IMAGE_CONFLICT', `conflict: ${message}`, { hint });
}

export function imageInUse(message: string): DockbookError {
  return new DockbookError('E_IMAGE_IN_USE', `conflict: ${message}`, {
    hint: 'remove the container first, or use -f to untag the image and leave it dangling',
  });
}
