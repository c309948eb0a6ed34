/** Where the engine keeps its state, following Docker's layout and overridable for tests. */
export interface EnginePaths {
  /** Persistent state: images, layers, containers (`/var/lib/dockbook`). */
  readonly root: string;
  /** Runtime state that a reboot clears: sockets, shim state (`/run/dockbook`). */
  readonly run: string;
}

export function enginePaths(env: Readonly<Record<string, string | undefined>>): EnginePaths {
  return {
    root: env['DOCKBOOK_ROOT'] || '/var/lib/dockbook',
    run: env['DOCKBOOK_RUN'] || '/run/dockbook',
  };
}
