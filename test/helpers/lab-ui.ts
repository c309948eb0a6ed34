import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.js';
import { dockbookUntil } from './cli.js';
import { staticHost } from './static-host.js';

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

/** The built UI on a plain static web host (no dockbook server: labs run in a worker) and a headless Chromium. */
export async function openStaticUi(): Promise<LabUi> {
  const host = await staticHost();
  const browser = await launchChromium().catch((e: unknown) => {
    host.server.close();
    throw e;
  });
  return {
    url: host.url,
    browser,
    close: async () => {
      await browser.close();
      host.server.close();
    },
  };
}

/**
 * A UI for every test of a `describe`: up before the first test, down
 * after the last. Read `browser` and `url` inside tests and later hooks.
 */
function useUi(open: () => Promise<LabUi>): Pick<LabUi, 'browser' | 'url'> {
  let ui: LabUi | undefined;
  beforeAll(async () => {
    ui = await open();
  }, 60_000);
  afterAll(async () => {
    await ui?.close();
  });
  const up = (): LabUi => {
    if (!ui) throw new Error('the UI did not start (see the beforeAll error)');
    return ui;
  };
  return {
    get browser() { return up().browser; },
    get url() { return up().url; },
  };
}

/** `dockbook serve` and Chromium for the tests of a `describe`. */
export const useLabUi = (): Pick<LabUi, 'browser' | 'url'> => useUi(openLabUi);

/** The static build and Chromium for the tests of a `describe`. */
export const useStaticUi = (): Pick<LabUi, 'browser' | 'url'> => useUi(openStaticUi);
