import type { DoctorReport } from '../doctor/report.js';

/**
 * What the lab server tells the UI about itself (`GET /api/status`). Plain
 * data, shared by the server and the browser: this folder holds only types
 * and pure code, so `web/` may import it.
 */
export interface ServerStatus {
  readonly version: string;
  /** `linux`: labs run on this host's kernel. `sim`: in the simulator. */
  readonly mode: 'linux' | 'sim';
  readonly reason: string;
  readonly doctor: DoctorReport | null;
}
