import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LABS } from '../../labs/index.js';
import { artifactPath, hasChromium } from '../helpers/browser.js';
import { useStaticBrowser } from '../helpers/static-host.js';

async function runEveryStep(page: Page, count: number): Promise<string[]> {
  const states: string[] = [];
  for (let i = 0; i < count; i++) {
    await page.getByTestId('run-step').nth(i).click();
    const step = page.getByTestId('step').nth(i);
    await expect.poll(() => step.getAttribute('data-state'), { timeout: 30_000 }).toMatch(/passed|failed/);
    states.push((await step.getAttribute('data-state'))!);
  }
  return states;
}

describe.skipIf(!hasChromium)('the static build, with no dockbook server', () => {
  const ui = useStaticBrowser();

  it('says plainly that it is simulated', async () => {
    const page = await ui.browser.newPage({ locale: 'en-US' });
    await page.goto(ui.host.url);
    const banner = page.getByTestId('mode-banner');
    await expect.poll(() => banner.getAttribute('data-mode')).toBe('sim');
    expect(await banner.textContent()).toMatch(/Simulated.*simulator inside your browser/s);
    await page.close();
  });

  for (const lab of LABS) {
    it(`runs the ${lab.id} lab to the end in a worker, every step passing`, async () => {
      const page = await ui.browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(ui.host.url);
      await page.locator(`[data-testid=open-lab][data-lab=${lab.id}]`).click();
      await expect.poll(() => page.getByTestId('lab-player').getAttribute('data-lab'), { timeout: 30_000 }).toBe(lab.id);
      const states = await runEveryStep(page, lab.steps.length);
      await page.screenshot({ path: artifactPath(`static-${lab.id}.png`), fullPage: true });
      expect(states).toEqual(lab.steps.map(() => 'passed'));
      // The kernel calls shown are the simulator's, made in this page.
      expect(Number(await page.getByTestId('call-count').textContent())).toBeGreaterThan(10);
      expect(errors).toEqual([]);
      await page.getByTestId('close-lab').click();
      await page.close();
    }, 180_000);
  }
});
