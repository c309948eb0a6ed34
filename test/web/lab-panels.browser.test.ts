import { readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath, hasChromium } from '../helpers/browser.js';
import { useLabUi } from '../helpers/lab-ui.js';
import { staticHost, type StaticHost } from '../helpers/static-host.js';

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
  const ui = useLabUi();
  let mode: string;
  let host: StaticHost;

  beforeAll(async () => {
    host = await staticHost();
    mode = ((await (await fetch(`${ui.url}api/status`)).json()) as { mode: string }).mode;
  }, 60_000);

  afterAll(async () => {
    host?.server.close();
  });

  it('asks for a prediction first, then judges it; draws shared and separate namespaces, both pids of a process, and the container’s mounts', async () => {
    const page = await ui.browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 1100 } });
    await page.goto(ui.url);
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
    // The step's command and what ps printed, drawn by the terminal emulator (xterm.js), line by line.
    const rows = await page.getByTestId('step').nth(1).locator('.xterm-rows > div').allTextContents();
    expect(rows.map((r) => r.trimEnd())).toEqual(expect.arrayContaining(['$ docker run --rm busybox ps']));
    expect(rows.some((r) => /^\s*1\s+root\s.*\bps\s*$/.test(r))).toBe(true);
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
    // The runtime's readonlyPaths and maskedPaths, drawn as such: /proc/sys locked under a writable /proc, /proc/acpi hidden.
    const procSys = page.locator('[data-testid=mount-row][data-mount-point="/proc/sys"]');
    expect([await procSys.getAttribute('data-depth'), await procSys.getAttribute('data-made-readonly')]).toEqual(['2', 'true']);
    expect(await page.locator('[data-testid=mount-row][data-mount-point="/proc/acpi"]').getAttribute('data-masked')).toBe('true');
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

    // Save the run, then replay it on a plain static host: no engine anywhere, the same panels.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-run').click()]);
    const saved = artifactPath('recording-namespaces.json');
    await download.saveAs(saved);
    await page.getByTestId('close-lab').click();
    await page.close();

    const replay = await ui.browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 1100 } });
    await replay.goto(host.url);
    await replay.getByTestId('recording-file').setInputFiles(saved);
    await expect.poll(() => replay.getByTestId('lab-player').getAttribute('data-lab')).toBe(LAB);
    expect(await replay.getByTestId('replay-bar').textContent()).toContain(mode === 'linux' ? 'real Linux kernel' : 'simulator');
    expect(await replay.getByTestId('step').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['passed', 'passed', 'passed', 'passed', 'passed']);
    expect(await cell(replay, 'net', 'ns-c')).toEqual(netA);
    expect(await replay.getByTestId('run-step').first().isDisabled()).toBe(true);
    await replay.screenshot({ path: artifactPath('replay-namespaces-end.png'), fullPage: true });
    // Back to where step 1 had just finished: host, ns-a and ns-b again, with the user namespace shared.
    const events = (JSON.parse(readFileSync(saved, 'utf8')) as { events: { type: string; step?: number }[] }).events;
    const afterStep1 = events.findIndex((e) => e.type === 'step-finished' && e.step === 0) + 1;
    await replay.getByTestId('replay-position').fill(String(afterStep1));
    await expect.poll(() => replay.getByTestId('ns-subject').allTextContents()).toEqual(['host', 'ns-a', 'ns-b']);
    expect((await cell(replay, 'user', 'ns-a')).inode).toBe(userHost.inode);
    expect(await replay.getByTestId('step').nth(1).getAttribute('data-state')).toBe('idle');
    await replay.screenshot({ path: artifactPath('replay-namespaces-step1.png'), fullPage: true });
    await replay.close();
  }, 240_000);
});
