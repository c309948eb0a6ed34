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
  /**
   * clone(CLONE_NEWPID) is ignored: the child stays in its parent's pid
   * namespace, so a container's first process is not PID 1 and `ps` in a
   * container sees the engine and every other container.
   */
  readonly pidNamespaceNotCreated?: boolean;
}

export const NO_FAULTS: SimFaults = Object.freeze({});
