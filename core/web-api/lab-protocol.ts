import type { LabEvent } from '../labs/lab-events.js';

/** What the lab UI sends the lab server over the WebSocket. */
export type LabClientMessage =
  | { readonly type: 'open'; readonly lab: string }
  | { readonly type: 'step'; readonly index: number; readonly stepThrough: boolean }
  | { readonly type: 'continue' }
  /** Stop holding: the rest of the stepped-through step runs whole. */
  | { readonly type: 'finish-step' }
  | { readonly type: 'reset' };

/** What it receives: the lab's events, and the server's own notices. */
export type LabServerMessage =
  | { readonly type: 'event'; readonly event: LabEvent }
  /** Sent to a tab that joins late: everything so far, in order. */
  | { readonly type: 'history'; readonly lab: string | null; readonly events: readonly LabEvent[] }
  | { readonly type: 'reset' }
  | { readonly type: 'busy'; readonly what: string }
  | { readonly type: 'failure'; readonly code: string; readonly message: string };

export const LAB_SOCKET_PATH = '/api/labs/live';
