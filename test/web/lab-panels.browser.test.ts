import { readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, hasChromium } from '../helpers/browser.js';
import { openLabUi, type LabUi } from '../helpers/lab-ui.js';

const LAB = 'namespaces';

async function runStep(page: Page, index: number): Promise<void> {
  await page.getByTestId('run-step').nth(index).click();
  const step = page.getByTestId('step').nth(index);
  await expect.poll(() => step.getAttribute('data-state'), { timeout: 60_000 }).toMatch(/passed|failed/);
  expect(await step.getAttribute('data-state'), await step.innerText()).toBe('passed');
}

/** The inode and colour the namespaces panel shows for one namespace kind of one subject. */
async function cell(page: Page, kind: string, subject: string): Promise<{ inode: string; colour: string }> {
  const td = page.locator(`[data-testid=namespaces-panel] tr[data-kind=${kind}] td[data-subject="${subject}"]`);
  return { inode: (await td.getAttribute('data-inode')) ?? '', colour: await td.evaluate((e) => (e as unknown as { style: { background: string } }).style.background) };
}

describe.skipIf(!hasChromium)('the namespace, process, mount and predict panels in Chromium', () => {
  let ui: LabUi;
  let browser: Browser;
  let url: string;
  let mode: string;

  beforeAll(async () => {
    ui = await openLabUi();
    ({ browser, url } = ui);
    mode = ((await (await fetch(`${url}api/status`)).json()) as { mode: string }).mode;
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('asks for a prediction first, then judges it; draws shared and separate namespaces, both pids of a process, and the container’s mounts', async () => {
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 1100 } });
    await page.goto(url);
    await page.locator(`[data-testid=open-lab][data-lab=${LAB}]`).click();
    await expect.poll(() => page.getByTestId('lab-player').getAttribute('data-lab'), { timeout: 30_000 }).toBe(LAB);

    // Step 1 predicts "same user namespace as the host": lock in the right answer before running.
    const predict = page.locator('[data-testid=predict][data-step="0"]');
    await expect.poll(() => predict.getByTestId('predict-lock').isDisabled()).toBe(true);
    await predict.getByTestId('predict-choice').first().check();
    await predict.getByTestId('predict-lock').click();
    expect(await predict.getAttribute('data-locked')).toBe('true');
    expect(await predict.getByTestId('predict-reveal').count()).toBe(0);
    await runStep(page, 0);
    await expect.poll(() => predict.getAttribute('data-right')).toBe('true');
    expect(await predict.getByTestId('predict-reveal').textContent()).toContain('user namespace');

    // host, ns-a, ns-b side by side: the same user namespace (same colour), three network namespaces.
    expect(await page.getByTestId('ns-subject').allTextContents()).toEqual(['host', 'ns-a', 'ns-b']);
    const userHost = await cell(page, 'user', 'host');
    const userA = await cell(page, 'user', 'ns-a');
    expect(userA.inode).toBe(userHost.inode);
    expect(userA.colour).toBe(userHost.colour);
    const nets = await Promise.all(['host', 'ns-a', 'ns-b'].map((s) => cell(page, 'net', s)));
    expect(new Set(nets.map((n) => n.inode)).size).toBe(3);
    expect(new Set(nets.map((n) => n.colour)).size).toBe(3);
    if (mode === 'linux') {
      // On the real kernel the numbers are the kernel's: the engine shares this test's user namespace.
      expect(userHost.inode).toBe(/\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/user'))![1]);
    }
    await page.screenshot({ path: artifactPath('panel-namespaces.png'), fullPage: true });

    // One process, two pids: 1 inside its namespace, another number on the host.
    await runStep(page, 1);
    const row = page.locator('[data-testid=process-row][data-role=container]').first();
    expect(await row.getAttribute('data-inside')).toBe('1');
    const hostPid = Number(await row.getAttribute('data-pid'));
    expect(hostPid).toBeGreaterThan(1);
    if (mode === 'linux') {
      const nspid = /^NSpid:\s+(.+)$/m.exec(readFileSync(`/proc/${hostPid}/status`, 'utf8'))![1]!.trim().split(/\s+/);
      expect(nspid[0]).toBe(String(hostPid));
      expect(nspid.at(-1)).toBe('1');
    }
    await page.screenshot({ path: artifactPath('panel-processes.png'), fullPage: true });

    await runStep(page, 2);
    await runStep(page, 3);
    const root = page.locator('[data-testid=mount-row][data-mount-point="/"]');
    expect(await root.getAttribute('data-fstype')).toBe('overlay');
    expect(await page.locator('[data-testid=mount-row][data-mount-point="/proc"]').getAttribute('data-fstype')).toBe('proc');
    await page.screenshot({ path: artifactPath('panel-mounts.png'), fullPage: true });

    // --network container:ns-a: one shared net namespace (same number, same colour), the rest separate.
    await runStep(page, 4);
    expect(await page.getByTestId('ns-subject').allTextContents()).toEqual(['ns-a', 'ns-c']);
    const [netA, netC] = await Promise.all([cell(page, 'net', 'ns-a'), cell(page, 'net', 'ns-c')]);
    expect(netC).toEqual(netA);
    const [utsA, utsC] = await Promise.all([cell(page, 'uts', 'ns-a'), cell(page, 'uts', 'ns-c')]);
    expect(utsC.inode).not.toBe(utsA.inode);
    expect(utsC.colour).not.toBe(utsA.colour);
    await page.screenshot({ path: artifactPath('panel-namespaces-shared-net.png'), fullPage: true });
    await page.getByTestId('close-lab').click();
    await page.close();
  }, 240_000);
});
