import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath, hasChromium } from '../helpers/browser.js';
import { useLabUi } from '../helpers/lab-ui.js';

const LAB = 'layers-and-copy-on-write';

async function waitStep(page: Page, index: number): Promise<string> {
  const step = page.getByTestId('step').nth(index);
  await expect.poll(() => step.getAttribute('data-state'), { timeout: 60_000 }).toMatch(/passed|failed/);
  return (await step.getAttribute('data-state'))!;
}

describe.skipIf(!hasChromium)('the lab player in Chromium', () => {
  const ui = useLabUi();

  it('runs the layers lab step by step, walks kernel calls one at a time, and draws the copied-up file in the writable layer', async () => {
    const page = await ui.browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    await page.goto(ui.url);
    await page.getByTestId('lang-ko').click();
    await expect.poll(() => page.getByTestId('lab-list').locator('h2').textContent()).toBe('실습');
    await page.getByTestId('lang-en').click();

    await page.locator(`[data-testid=open-lab][data-lab=${LAB}]`).click();
    await expect.poll(() => page.getByTestId('lab-player').getAttribute('data-lab'), { timeout: 30_000 }).toBe(LAB);
    const steps = await page.getByTestId('step').count();
    expect(steps).toBeGreaterThan(1);

    // The first step, one kernel call at a time.
    await page.getByTestId('step-through').first().click();
    const count = async () => Number(await page.getByTestId('call-count').textContent());
    for (let i = 0; i < 3; i++) {
      const held = page.locator('[data-testid=kernel-calls] li[data-held=true]');
      await expect.poll(() => held.count(), { timeout: 30_000 }).toBe(1);
      const heldCall = await held.getAttribute('data-call');
      expect(heldCall).toBeTruthy();
      const before = await count();
      await page.getByTestId('continue').click();
      // The released call finishes and the engine moves on to its next call.
      await expect.poll(count, { timeout: 10_000 }).toBeGreaterThan(before);
    }
    await page.screenshot({ path: artifactPath('lab-step-through.png') });
    await page.getByTestId('finish-step').click();
    expect(await waitStep(page, 0)).toBe('passed');

    let sawCopyUp: string | null = null;
    for (let i = 1; i < steps; i++) {
      await page.getByTestId('run-step').nth(i).click();
      const state = await waitStep(page, i);
      if (state !== 'passed') await page.screenshot({ path: artifactPath(`lab-step-${i + 1}-failed.png`), fullPage: true });
      expect(state, `step ${i + 1}: ${await page.getByTestId('step').nth(i).innerText()}`).toBe('passed');
      const copied = page.locator('[data-testid=writable-layer] li.copied');
      if (!sawCopyUp && (await copied.count()) > 0) {
        sawCopyUp = await copied.first().getAttribute('data-path');
        await page.screenshot({ path: artifactPath('lab-layers-copy-up.png'), fullPage: true });
      }
    }
    // Some step modified a file of the image: the panel placed it in the writable layer as copied up.
    expect(sawCopyUp).toMatch(/^\//);
    await page.close();
  }, 240_000);
});
