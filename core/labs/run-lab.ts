import type { LabOutcome } from './lab-outcome.js';
import { LabSession, type LabSessionOptions } from './lab-session.js';

/**
 * Runs a lab from setup to teardown, every step whole. A failing step ends
 * the lab (later steps build on its state) and the rest are marked skipped;
 * teardown runs in every case, also when setup or the engine throws.
 */
export async function runLab(opts: LabSessionOptions): Promise<LabOutcome> {
  const session = new LabSession(opts);
  try {
    await session.open();
    let failed = false;
    for (let i = 0; i < opts.lab.steps.length; i++) {
      if (failed) { session.skipStep(i); continue; }
      failed = !(await session.runStep(i)).passed;
    }
  } catch (e) {
    // Reported as an error event by close(): the outcome says the lab failed.
    session.recordFailure(e);
  }
  return session.close();
}
