import { describe, expect, it } from 'vitest';
import { artifactPath, hasChromium } from '../helpers/browser.js';
import { useLabUi } from '../helpers/lab-ui.js';

describe.skipIf(!hasChromium)('the lab UI in Chromium', () => {
  const ui = useLabUi();

  it('shows the mode the engine chose, with its reason, and the host checks', async () => {
    const status = (await (await fetch(`${ui.url}api/status`)).json()) as { mode: string; reason: string; doctor: { checks: unknown[] } | null };
    const page = await ui.browser.newPage({ locale: 'en-US' });
    await page.goto(ui.url);
    const banner = page.getByTestId('mode-banner');
    await expect.poll(() => banner.getAttribute('data-mode')).toBe(status.mode);
    expect(await banner.textContent()).toContain(status.reason);
    if (status.doctor) {
      expect(await page.locator('[data-testid=host-checks] tbody tr').count()).toBe(status.doctor.checks.length);
    }
    await page.screenshot({ path: artifactPath('home-en.png'), fullPage: true });
    await page.close();
  });

  it('switches to Korean and remembers the choice after a reload', async () => {
    const page = await ui.browser.newPage({ locale: 'en-US' });
    await page.goto(ui.url);
    await page.getByTestId('lang-ko').click();
    await expect.poll(() => page.locator('header.top p').textContent()).toContain('커널');
    await page.reload();
    await expect.poll(() => page.locator('header.top p').textContent()).toContain('커널');
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    await page.screenshot({ path: artifactPath('home-ko.png'), fullPage: true });
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.locator('header.top p').textContent()).toContain('kernel');
    await page.close();
  });
});
