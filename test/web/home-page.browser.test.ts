import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifactPath, hasChromium, launchChromium } from '../helpers/browser.js';
import { dockbookUntil } from '../helpers/cli.js';

describe.skipIf(!hasChromium)('the lab UI in Chromium', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof dockbookUntil>>;
  let url: string;

  beforeAll(async () => {
    server = await dockbookUntil(['serve', '--port', '0'], /lab UI: (http:\/\/127\.0\.0\.1:\d+\/)/);
    url = server.match[1]!;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the mode the engine chose, with its reason, and the host checks', async () => {
    const status = (await (await fetch(`${url}api/status`)).json()) as { mode: string; reason: string; doctor: { checks: unknown[] } | null };
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(url);
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
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(url);
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
