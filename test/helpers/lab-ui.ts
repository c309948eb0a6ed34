import { afterAll, beforeAll } from 'vitest';
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

/**
 * The lab UI for every test of a `describe`: up before the first test,
 * down after the last. Read `browser` and `url` inside tests and later hooks.
 */
export function useLabUi(): Pick<LabUi, 'browser' | 'url'> {
  let ui: LabUi | undefined;
  beforeAll(async () => {
    ui = await openLabUi();
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });
  const up = (): LabUi => {
    if (!ui) throw new Error('the lab UI did not start (see the beforeAll error)');
    return ui;
  };
  return {
    get browser() { return up().browser; },
    get url() { return up().url; },
  };
}
