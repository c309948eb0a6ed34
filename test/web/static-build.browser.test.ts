import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { LABS } from '../../labs/index.js';
import { artifactPath, hasChromium, launchChromium } from '../helpers/browser.js';

const DIST = join(import.meta.dirname, '..', '..', 'dist', 'web');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** Any static web host will do: this one knows nothing about dockbook (no /api at all). */
function staticHost(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(DIST, path.endsWith('/') ? `${path}index.html` : path);
    readFile(file).then(
      (body) => { res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }); res.end(body); },
      () => { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); },
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    resolve({ server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/` });
  }));
}

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
  let host: { server: Server; url: string };
  let browser: Browser;

  beforeAll(async () => {
    host = await staticHost();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    host?.server.close();
  });

  it('says plainly that it is simulated', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(host.url);
    const banner = page.getByTestId('mode-banner');
    await expect.poll(() => banner.getAttribute('data-mode')).toBe('sim');
    expect(await banner.textContent()).toMatch(/Simulated.*simulator inside your browser/s);
    await page.close();
  });

  for (const lab of LABS) {
    it(`runs the ${lab.id} lab to the end in a worker, every step passing`, async () => {
      const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(host.url);
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
