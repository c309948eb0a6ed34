import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath, hasChromium } from '../helpers/browser.js';
import { isRootLinux } from '../helpers/host.js';
import { useLabUi, useStaticUi } from '../helpers/lab-ui.js';

const LAB = 'layers-and-copy-on-write';

/** What the shell's xterm shows, one string per row, trailing blanks cut. */
async function shellRows(page: Page): Promise<string[]> {
  const rows = await page.locator('[data-testid=shell-terminal] .xterm-rows > div').allTextContents();
  return rows.map((r) => r.replace(/\u00a0/g, ' ').trimEnd());
}

/** Opens the layers lab, runs its first step (container `cow` sleeps), and opens a shell into cow. */
async function shellIntoCow(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('lang-en').click();
  await page.locator(`[data-testid=open-lab][data-lab=${LAB}]`).click();
  await expect.poll(() => page.getByTestId('lab-player').getAttribute('data-lab'), { timeout: 30_000 }).toBe(LAB);
  await page.getByTestId('run-step').first().click();
  await expect.poll(() => page.getByTestId('step').first().getAttribute('data-state'), { timeout: 60_000 }).toBe('passed');
  const cow = page.locator('[data-testid=shell-container][data-container=cow]');
  await expect.poll(() => cow.getAttribute('data-running'), { timeout: 10_000 }).toBe('true');
  await cow.getByTestId('open-shell').click();
  await expect.poll(() => page.getByTestId('shell-terminal').getAttribute('data-state'), { timeout: 30_000 }).toBe('open');
  await page.locator('[data-testid=shell-terminal] .xterm').click();
}

/** Types a line into the focused xterm and waits until a row matches. */
async function run(page: Page, line: string, shows: RegExp): Promise<string[]> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  const seen = async () => (await shellRows(page)).some((r) => shows.test(r));
  await expect.poll(seen, { timeout: 20_000 }).toBe(true).catch(async (e: unknown) => {
    throw new Error(`no row matched ${shows} after \`${line}\`:\n${(await shellRows(page)).join('\n')}`, { cause: e });
  });
  return shellRows(page);
}

/** The id `docker run -d` printed in step 1's output: the container's hostname is its first 12 characters. */
async function cowHostname(page: Page): Promise<string> {
  const out = await page.getByTestId('step').first().getByTestId('step-output').textContent();
  return /^([0-9a-f]{64})$/m.exec(out ?? '')![1]!.slice(0, 12);
}

/** Types `hostname`, `stty size`, resizes the page and asks again, then ends the shell with ctrl-d. */
async function exerciseShell(page: Page, shot: string): Promise<void> {
  const hostname = await cowHostname(page);
  const rows = await run(page, 'hostname', new RegExp(`^${hostname}$`));
  expect(rows.some((r) => /^\/ # hostname$/.test(r)), rows.join('\n')).toBe(true);
  await page.getByTestId('shell-panel').screenshot({ path: artifactPath(shot) });

  const term = page.getByTestId('shell-terminal');
  const sizeNow = async () => `${await term.getAttribute('data-rows')} ${await term.getAttribute('data-cols')}`;
  const before = await sizeNow();
  await run(page, 'stty size', new RegExp(`^${before}$`));
  await page.setViewportSize({ width: 1000, height: 1000 });
  await expect.poll(sizeNow).not.toBe(before);
  const after = await sizeNow();
  await run(page, 'stty size', new RegExp(`^${after}$`));

  await page.keyboard.press('Control+D');
  await expect.poll(() => term.getAttribute('data-state'), { timeout: 20_000 }).toBe('ended');
  expect(await page.getByTestId('shell-status').textContent()).toMatch(/exit code 0/);
}

describe.skipIf(!hasChromium)('a shell into a lab container, from the lab player', () => {
  const ui = useLabUi();
  const host = useStaticUi();

  it('served by `dockbook serve`: types into cow’s sh, sees its hostname, follows a resize, and ends with ctrl-d', async () => {
    const page = await ui.browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await shellIntoCow(page, ui.url);
      if (isRootLinux) {
        // On the real kernel, the name the shell printed is the one the kernel holds for that process.
        const pid = await page.getByTestId('shell-terminal').getAttribute('data-pid');
        const inKernel = execFileSync('nsenter', [`--uts=/proc/${pid}/ns/uts`, 'hostname'], { encoding: 'utf8' }).trim();
        expect(inKernel).toBe(await cowHostname(page));
      }
      await exerciseShell(page, 'shell-real-hostname.png');
      expect(errors).toEqual([]);
    } finally {
      await page.getByTestId('close-lab').click().catch(() => {});
      await page.close();
    }
  }, 240_000);

  it.skipIf(!isRootLinux)('on the real kernel: the container stopping ends the shell, and the list says it is not running', async () => {
    const page = await ui.browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    try {
      await shellIntoCow(page, ui.url);
      const shellPid = Number(await page.getByTestId('shell-terminal').getAttribute('data-pid'));
      // The container's first process: pid 1 of the shell's pid namespace, found on the host as a learner would with /proc.
      const pidns = readlinkSync(`/proc/${shellPid}/ns/pid`);
      const init = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).find((d) => {
        try {
          return readlinkSync(`/proc/${d}/ns/pid`) === pidns && /^NSpid:\s+\d+\s+1$/m.test(readFileSync(`/proc/${d}/status`, 'utf8'));
        } catch {
          return false;
        }
      });
      expect(init, 'the container’s init on the host').toBeDefined();
      process.kill(Number(init), 'SIGKILL');
      const term = page.getByTestId('shell-terminal');
      await expect.poll(() => term.getAttribute('data-state'), { timeout: 30_000 }).toBe('ended');
      expect(await page.getByTestId('shell-status').textContent()).toMatch(/exit code 137/);
      const cow = page.locator('[data-testid=shell-container][data-container=cow]');
      await expect.poll(() => cow.getAttribute('data-running'), { timeout: 10_000 }).toBe('false');
      expect(await cow.getByTestId('not-running').textContent()).toMatch(/not running/);
      expect(await cow.getByTestId('open-shell').count()).toBe(0);
      await page.getByTestId('shell-panel').screenshot({ path: artifactPath('shell-container-stopped.png') });
    } finally {
      await page.getByTestId('close-lab').click().catch(() => {});
      await page.close();
    }
  }, 240_000);

  it.skipIf(!isRootLinux)('on the real kernel: closing the tab hangs its shell up, and the process is gone', async () => {
    const page = await ui.browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    await shellIntoCow(page, ui.url);
    const pid = Number(await page.getByTestId('shell-terminal').getAttribute('data-pid'));
    expect(existsSync(`/proc/${pid}`)).toBe(true);
    await page.close();
    await expect.poll(() => existsSync(`/proc/${pid}`), { timeout: 20_000 }).toBe(false);
    // The lab itself goes on for whoever else watches; the next tab closes it.
    const next = await ui.browser.newPage({ locale: 'en-US' });
    await next.goto(ui.url);
    await next.getByTestId('close-lab').click();
    await next.close();
  }, 240_000);

  it('in the static build (the simulator in a worker): the same shell, in Korean labels too', async () => {
    const page = await host.browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await shellIntoCow(page, host.url);
      expect(await page.getByTestId('mode-banner').getAttribute('data-mode')).toBe('sim');
      await exerciseShell(page, 'shell-static-hostname.png');
      await page.getByTestId('lang-ko').click();
      expect(await page.getByTestId('shell-panel').locator('h3').textContent()).toBe('컨테이너 안의 셸');
      expect(await page.getByTestId('shell-status').textContent()).toMatch(/종료 코드 0/);
      await page.getByTestId('shell-panel').screenshot({ path: artifactPath('shell-static-ko.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 240_000);
});
