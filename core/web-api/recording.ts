import type { LabEvent, LabMode } from '../labs/lab-events.js';

/**
 * A lab run saved as plain data: a teacher records once on a real host and a
 * class replays it in the UI with no engine (the panels read only events).
 */
export interface LabRecording {
  readonly format: 'dockbook-recording';
  readonly version: 1;
  readonly lab: string;
  readonly mode: LabMode | null;
  readonly recordedAt: string;
  readonly events: readonly LabEvent[];
}

export function makeRecording(lab: string, events: readonly LabEvent[], recordedAt: string): LabRecording {
  const started = events.find((e) => e.type === 'lab-started');
  const mode = started?.type === 'lab-started' ? started.mode : null;
  return { format: 'dockbook-recording', version: 1, lab, mode, recordedAt, events };
}

/** Reads a file the user picked; a one-line reason when it is not a recording this version understands. */
export function parseRecording(text: string): LabRecording | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { error: 'not JSON: a recording is the .json file the Save button wrote' };
  }
  const r = data as Partial<LabRecording> | null;
  if (!r || r.format !== 'dockbook-recording') return { error: 'not a dockbook recording (no "format": "dockbook-recording")' };
  if (r.version !== 1) return { error: `recording version ${String(r.version)} is not supported (this UI reads version 1)` };
  if (typeof r.lab !== 'string' || !Array.isArray(r.events)) return { error: 'the recording has no lab id or no events' };
  return r as LabRecording;
}
