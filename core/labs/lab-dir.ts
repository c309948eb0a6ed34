import type { EnginePaths } from '../config.js';

/**
 * Stands in, in a lab's commands and texts, for a host directory of the
 * run's own: labs are fixed data, but two runs must not share a bind-mount
 * source, and nothing may stay on the host after the sandbox is gone.
 */
export const LAB_DIR = '<lab-dir>';

/** The run's directory: inside the engine's run directory, so inside a real lab's sandbox and removed with it. */
export function labDirOf(paths: EnginePaths): string {
  return `${paths.run}/lab-dir`;
}

/** The text with the run's directory in place of LAB_DIR; unchanged while no run has said where it is. */
export function fillLabDir(text: string, dir: string | null | undefined): string {
  return dir ? text.split(LAB_DIR).join(dir) : text;
}
