import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findLab } from '../../labs/index.js';
import { artifactPath, hasChromium } from '../helpers/browser.js';
import { useStaticUi } from '../helpers/lab-ui.js';

const LAB = findLab('logging')!;

async function runStep(page: Page, index: number): Promise<void> {
  await page.getByTestId('run-step').nth(index).click();
  const step = page.getByTestId('step').nth(index);
  await expect.poll(() => step.getAttribute('data-state'), { timeout: 60_000 }).toMatch(/passed|failed/);
  expect(await step.getAttribute('data-state'), `step ${index + 1}: ${await step.innerText()}`).toBe('passed');
}

// The static build runs the lab on the simulator in a worker: the same receivers, the same panel.
describe.skipIf(!hasChromium)('the logs panel in Chromium', () => {
  const ui = useStaticUi();

  it('shows each receiver with its address and the lines it got, parsed, and the json-file with its rotated files', async () => {
    const page = await ui.browser.newPage({ locale: 'ko-KR', viewport: { width: 1500, height: 1200 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(ui.url);
    await page.getByTestId('lang-ko').click();
    await page.locator(`[data-testid=open-lab][data-lab=${LAB.id}]`).click();
    await expect.poll(() => page.getByTestId('lab-player').getAttribute('data-lab'), { timeout: 30_000 }).toBe(LAB.id);

    // Where the receivers listen is shown before any step runs.
    expect(await page.getByTestId('lab-receivers').innerText()).toMatch(/syslog udp:\/\/127\.0\.0\.1:514.*syslog tcp:\/\/127\.0\.0\.1:601.*fluentd tcp:\/\/127\.0\.0\.1:24224/);
    await runStep(page, 0);
    await runStep(page, 1);
    const chatty = page.locator('[data-testid=json-log-box][data-container=chatty]');
    await expect.poll(() => chatty.getAttribute('data-files'), { timeout: 20_000 }).toBe('3');
    expect(await chatty.getByTestId('json-log-file').first().innerText()).toMatch(/-json\.log\s+지금 쓰는 파일/);
    expect(await chatty.getByTestId('json-log-file').nth(2).innerText()).toMatch(/-json\.log\.2\s+회전됨/);

    for (let i = 2; i < LAB.steps.length; i++) await runStep(page, i);
    const udp = page.locator('[data-testid=receiver-box][data-receiver=syslog-udp]');
    expect(await udp.innerText()).toContain('udp://127.0.0.1:514');
    const hello = udp.getByTestId('received-line').filter({ hasText: 'hello syslog' });
    // The panel follows the events; on a loaded host it may draw a moment after the step is marked.
    await expect.poll(() => page.locator('[data-testid=receiver-box][data-receiver=fluentd]').getAttribute('data-count'), { timeout: 20_000 }).toBe('1');
    expect(await hello.getAttribute('data-tag')).toMatch(/^[0-9a-f]{12}$/);
    expect(await hello.innerText()).toMatch(/facility daemon[\s\S]*severity info/);
    const tcp = page.locator('[data-testid=receiver-box][data-receiver=syslog-tcp]');
    expect(await tcp.getByTestId('received-line').filter({ hasText: 'hello tcp' }).innerText()).toMatch(/pri 134[\s\S]*format rfc5424/);
    const fluentd = page.locator('[data-testid=receiver-box][data-receiver=fluentd]');
    const line = fluentd.getByTestId('received-line').filter({ hasText: 'hello fluentd' });
    expect(await line.getAttribute('data-tag')).toMatch(/^[0-9a-f]{12}$/);
    expect(await line.innerText()).toMatch(/source stdout[\s\S]*container_name \/fluent/);
    expect(await page.getByTestId('logs-panel').innerText()).toContain('로그가 간 곳');

    await page.getByTestId('logs-panel').screenshot({ path: artifactPath('logs-panel.png') });
    await page.screenshot({ path: artifactPath('logs-lab.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.getByTestId('close-lab').click();
    await page.close();
  }, 240_000);
});
