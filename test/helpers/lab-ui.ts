import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.js';
import { dockbookUntil } from './cli.js';

export interface LabUi {
  readonly url: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** `dockbook serve` on a free port and a headless Chromium to look at it. */
export async function openLabUi(): Promise<LabUi> {
  const server = await dockbookUntil(['serve', '--port', '0'], /lab UI: (http:\/\/127\.0\.0\.1:\d+\/)/);
  const browser = await launchChromium().catch(async (e: unknown) => {
    await server.stop();
    throw e;
  });
  return {
    url: server.match[1]!,
    browser,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}
