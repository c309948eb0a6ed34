import type { Kernel } from '../../kernel/kernel.js';
import { cgroupFailure } from './errors.js';

const WAIT_MS = 5000;

/**
 * Polls a cgroup state file until `done` accepts it. Freezing is not
 * instant: the kernel has to catch every task at a safe point, and reports
 * FREEZING (v1) or "frozen 0" (v2) until then.
 */
export async function waitForState(kernel: Kernel, file: string, want: string, done: (text: string) => boolean): Promise<void> {
  const start = kernel.monotonic();
  for (let delay = 1; ; delay = Math.min(delay * 2, 100)) {
    const text = await kernel.readText(file);
    if (done(text)) return;
    if (kernel.monotonic() - start > WAIT_MS) {
      throw cgroupFailure(`${file} is still "${text.trim().replace(/\n/g, ', ')}" after ${WAIT_MS / 1000} s, not ${want}`,
        'a process may be stuck in the kernel (D state, e.g. on a hung NFS mount); see /proc/PID/stack');
    }
    await kernel.sleep(delay);
  }
}
