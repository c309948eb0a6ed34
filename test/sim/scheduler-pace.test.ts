import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../core/sim/scheduler.js';

describe('the virtual clock’s pace', () => {
  it('free: with nothing to run, a 10-minute sleep ends at once (headless labs and tests)', async () => {
    const s = new Scheduler(undefined, 'free');
    const t0 = Date.now();
    await s.sleep(600_000);
    expect(s.now()).toBe(600_000);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('real-time: a sleep lasts as long on the wall clock, so a container does not end while the learner reads', async () => {
    const s = new Scheduler(undefined, 'real-time');
    let ended = false;
    void s.sleep(600_000).then(() => { ended = true; });
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 150));
    expect(ended).toBe(false);
    // A shorter sleep that starts later fires on time, not after the long one's wall-clock wait.
    await s.sleep(100);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(240);
    expect(took).toBeLessThan(1_500);
    expect(ended).toBe(false);
    s.stop();
  });

  it('real-time: idle wall-clock time is caught up, so timers count from when they were set', async () => {
    const s = new Scheduler(undefined, 'real-time');
    await new Promise((r) => setTimeout(r, 200));
    const before = s.now();
    await s.sleep(50);
    expect(before).toBe(0);
    expect(s.now()).toBeGreaterThanOrEqual(240);
    s.stop();
  });
});
