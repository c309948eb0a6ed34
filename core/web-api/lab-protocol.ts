import type { LabEvent } from '../labs/lab-events.js';

/** What the lab UI sends the lab server over the WebSocket. */
export type LabClientMessage =
  | { readonly type: 'open'; readonly lab: string }
  | { readonly type: 'step'; readonly index: number; readonly stepThrough: boolean }
  | { readonly type: 'continue' }
  /** Stop holding: the rest of the stepped-through step runs whole. */
  | { readonly type: 'finish-step' }
  | { readonly type: 'reset' }
  | ShellClientMessage;

/**
 * A learner's shell into a running container of the lab: `docker exec -it
 * CONTAINER sh` through the lab's engine. `shell` is an id the tab picks;
 * it names the session in every message both ways.
 */
export type ShellClientMessage =
  | { readonly type: 'shell-open'; readonly shell: string; readonly container: string; readonly cols: number; readonly rows: number }
  /** Keystrokes, as the terminal emulator produced them. */
  | { readonly type: 'shell-input'; readonly shell: string; readonly data: string }
  | { readonly type: 'shell-resize'; readonly shell: string; readonly cols: number; readonly rows: number }
  /** The tab closed its terminal: the shell is hung up, as closing a terminal window does. */
  | { readonly type: 'shell-close'; readonly shell: string };

/** Why a shell ended: its program exited (ctrl-d, `exit`, the container stopped), the tab closed it, or the lab went away. */
export type ShellEnd = 'exited' | 'closed' | 'reset';

/** Sent only to the tab that opened the shell. */
export type ShellServerMessage =
  /** `pid`: the shell's process as the host numbers it (what `docker exec` inspect reports). */
  | { readonly type: 'shell-opened'; readonly shell: string; readonly container: string; readonly execId: string; readonly pid: number }
  | { readonly type: 'shell-output'; readonly shell: string; readonly data: string }
  | { readonly type: 'shell-exit'; readonly shell: string; readonly exitCode: number | null; readonly reason: ShellEnd }
  | { readonly type: 'shell-failure'; readonly shell: string; readonly code: string; readonly message: string; readonly hint?: string };

/** A container of the running lab, for the list of shells a learner can open. */
export interface LabContainer {
  readonly name: string;
  readonly running: boolean;
}

/** What it receives: the lab's events, and the server's own notices. */
export type LabServerMessage =
  | { readonly type: 'event'; readonly event: LabEvent }
  /** Sent to a tab that joins late: everything so far, in order. */
  | { readonly type: 'history'; readonly lab: string | null; readonly events: readonly LabEvent[] }
  | { readonly type: 'reset' }
  | { readonly type: 'busy'; readonly what: string }
  | { readonly type: 'failure'; readonly code: string; readonly message: string }
  /** The lab's containers now: sent after every change, and to a tab that joins. Not a LabEvent: a replay cannot open a shell. */
  | { readonly type: 'containers'; readonly containers: readonly LabContainer[] }
  | ShellServerMessage;

export const LAB_SOCKET_PATH = '/api/labs/live';
