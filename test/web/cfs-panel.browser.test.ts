import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath, hasChromium } from '../helpers/browser.js';
import { isRootLinux } from '../helpers/host.js';
import { useLabUi } from '../helpers/lab-ui.js';

const LAB = 'resource-limits';
/** Step indexes of the lab: the OOM kill, and the --cpus 0.5 busy loop. */
const OOM_STEP = 1;
const SHARES_STEP = 2;
const HALF_STEP = 3;

async function runStep(page: Page, index: number): Promise<void> {
  await page.getByTestId('run-step').nth(index).click();
  const step = page.getByTestId('step').nth(index);
  await expect.poll(() => step.getAttribute('data-state'), { timeout: 90_000 }).toMatch(/passed|failed/);
  if ((await step.getAttribute('data-state')) !== 'passed') await page.screenshot({ path: artifactPath(`cfs-step-${index + 1}-failed.png`), fullPage: true });
  expect(await step.getAttribute('data-state'), `step ${index + 1}: ${await step.innerText()}`).toBe('passed');
}

// `dockbook serve` runs labs on the real kernel as root: the panel is compared with the real cpu.stat.
describe.skipIf(!hasChromium || !isRootLinux)('the CFS and memory panels in Chromium, on the real kernel', () => {
  const ui = useLabUi();

  it('draws the OOM kill, then one cell per period for --cpus 0.5 with as many throttled as cpu.stat counts (within 10%)', async () => {
    const page = await ui.browser.newPage({ locale: 'en-US', viewport: { width: 1500, height: 1100 } });
    await page.goto(ui.url);
    await page.getByTestId('lang-en').click();
    await page.locator(`[data-testid=open-lab][data-lab=${LAB}]`).click();
    await expect.poll(() => page.getByTestId('lab-player').getAttribute('data-lab'), { timeout: 30_000 }).toBe(LAB);

    for (let i = 0; i <= OOM_STEP; i++) await runStep(page, i);
    const hog = page.locator('[data-testid=memory-row][data-container=hog]');
    await expect.poll(() => hog.getAttribute('data-oom'), { timeout: 10_000 }).toBe('1');
    await expect.poll(() => hog.getByTestId('oom-event').count()).toBe(1);
    await page.getByTestId('memory-panel').screenshot({ path: artifactPath('memory-panel-oom.png') });

    // Two containers side by side on one pinned CPU: the panel's CPU time splits 512 : 1024.
    await runStep(page, SHARES_STEP);
    const cpuOf = async (name: string) => Number(await page.locator(`[data-testid=cfs-row][data-container=${name}]`).getAttribute('data-cpu-fraction'));
    await expect.poll(() => page.getByTestId('cfs-row').count(), { timeout: 10_000 }).toBe(2);
    const [low, high] = [await cpuOf('low'), await cpuOf('high')];
    expect(Math.abs(low / (low + high) - 1 / 3), `low ${low}, high ${high}`).toBeLessThanOrEqual(0.07);
    await page.getByTestId('cfs-panel').screenshot({ path: artifactPath('cfs-panel-shares.png') });

    for (let i = SHARES_STEP + 1; i <= HALF_STEP; i++) await runStep(page, i);
    const row = page.locator('[data-testid=cfs-row][data-container=half]');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    const cells = Number(await row.getAttribute('data-cells'));
    const drawnThrottled = await row.locator('[data-testid=cfs-cell][data-throttled="1"]').count();
    const drawn = await row.locator('[data-testid=cfs-cell]').count();
    const panel = Number(await row.getAttribute('data-panel-throttled'));
    const stat = Number(await row.getAttribute('data-stat-throttled'));
    // 2 s sampled at 20 Hz: about 20 periods of 100 ms, each drawn.
    expect(cells).toBeGreaterThanOrEqual(15);
    expect(drawn).toBe(cells);
    expect(drawnThrottled / drawn).toBeCloseTo(panel, 5);
    expect(Math.abs(panel - stat), `panel ${panel} against cpu.stat ${stat}`).toBeLessThanOrEqual(0.1);
    // A loop that got its half CPU ran out of quota in nearly every period. On a host busy enough to give
    // the whole /dockbook group less than that, it never reaches the quota and is never throttled.
    const cpu = Number(await row.getAttribute('data-cpu-fraction'));
    expect(cpu).toBeLessThanOrEqual(0.55);
    if (cpu >= 0.48) expect(panel).toBeGreaterThanOrEqual(0.75);
    else console.log(`cfs panel: the loop got ${cpu.toFixed(2)} of a CPU on this loaded host, under its quota`);
    // The flag table shows what was written for this container, read back from the host.
    const cpus = page.locator('[data-testid=flag-table] table[data-container=half] [data-testid=flag-row][data-flag="--cpus"] [data-testid=on-host]');
    await expect.poll(() => cpus.textContent()).toMatch(/^(100000|50000)$/);
    console.log(`cfs panel: ${drawnThrottled}/${drawn} periods throttled (${panel.toFixed(3)}), cpu.stat nr_throttled/nr_periods ${stat.toFixed(3)}, cpu ${cpu.toFixed(3)}`);
    await page.screenshot({ path: artifactPath('cfs-panel-cpus-half.png'), fullPage: true });
    await page.getByTestId('cfs-panel').screenshot({ path: artifactPath('cfs-panel.png') });
    await page.close();
  }, 300_000);
});
