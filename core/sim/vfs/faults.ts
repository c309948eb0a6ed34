/**
 * Mistakes the simulator can be told to make on purpose. The agreement tests
 * turn one on and check that comparing with the real kernel catches it: a
 * comparison that cannot fail proves nothing.
 */
export interface SimFaults {
  /**
   * Overlayfs writes to a lower file in place instead of copying it up: the
   * lower layer changes, no copy-up happens and other overlays on the same
   * layer see the change (exactly what must never happen).
   */
  readonly overlayWriteLowerInPlace?: boolean;
}

export const NO_FAULTS: SimFaults = Object.freeze({});
