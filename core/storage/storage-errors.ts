import { DockbookError } from '../errors.js';

/** A layer that tries to reach outside its own directory: refused, never half-applied. */
export function maliciousLayer(entry: string, why: string): DockbookError {
  return new DockbookError('E_MALICIOUS_LAYER', `layer rejected: entry "${entry}" ${why}`, {
    hint: 'the image contains a layer crafted to write outside its own directory; nothing from it was kept',
  });
}

/** A layer that is not malicious but cannot be applied as written (a file where a directory must be). */
export function badLayer(entry: string, why: string): DockbookError {
  return new DockbookError('E_BAD_LAYER', `layer cannot be applied: entry "${entry}" ${why}`, {
    hint: 'the layer tar is inconsistent; nothing from it was kept',
  });
}

export function layerNotFound(chainId: string): DockbookError {
  return new DockbookError('E_LAYER_NOT_FOUND', `layer ${chainId} is not registered`, {
    hint: 'the image store is incomplete: remove the image and load it again',
  });
}
