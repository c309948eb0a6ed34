import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LabEvent } from '../../core/labs/lab-events.js';
import { simLabHost } from '../../core/labs/lab-host.js';
import { runLab } from '../../core/labs/run-lab.js';
import { makeRecording } from '../../core/web-api/recording.js';
import { findLab } from '../../labs/index.js';
import type { Lab } from '../../labs/lab-types.js';
import { artifactPath, hasChromium } from '../helpers/browser.js';
import { useStaticUi } from '../helpers/lab-ui.js';

const LAB = 'layers-and-copy-on-write';

interface Frame { layer: string | null; x: number; y: number; through: string }

/** Installed before the page loads: every animation frame, where the copy-up flyer is and which drawn layer holds its middle. */
const WATCH_FLIGHT = `
  window.__flight = [];
  const look = () => {
    const f = document.querySelector('[data-testid=copy-up-flyer]');
    if (f) {
      const r = f.getBoundingClientRect();
      const mid = r.top + r.height / 2;
      const layer = [...document.querySelectorAll('[data-testid=layers-panel] [data-layer]')]
        .find((l) => { const b = l.getBoundingClientRect(); return mid >= b.top && mid <= b.bottom; });
      window.__flight.push({ layer: layer ? layer.getAttribute('data-layer') : null, x: r.left, y: r.top, through: f.dataset.through });
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
`;

const flight = (page: Page) => page.evaluate(() => (globalThis as unknown as { __flight: Frame[] }).__flight);

/** The layers a flight passed, each once, in order. */
const layersPassed = (frames: readonly Frame[]) => frames.map((f) => f.layer).filter((l, i, all): l is string => l !== null && l !== all[i - 1]);

/** Where the panel draws a path in the writable layer, once the flight is over. */
async function landing(page: Page, path: string): Promise<{ x: number; y: number }> {
  const li = page.locator(`[data-testid=writable-layer] li[data-path="${path}"]`);
  await expect.poll(() => li.getAttribute('data-landed'), { timeout: 20_000 }).toBe('true');
  const box = (await li.boundingBox())!;
  return { x: box.x, y: box.y };
}

/**
 * A recording of a real (simulated) engine run whose copy-up crosses layers:
 * busybox, plus two committed layers above it, and a container that appends
 * to /etc/group, which only the bottom layer has.
 */
async function threeLayerRecording(): Promise<string> {
  const base = findLab(LAB)!;
  const { predict: _predict, ...first } = base.steps[0]!;
  const observe = [{ kind: 'layers', container: 'cow3', paths: ['/etc/group'] }] as const;
  const lab: Lab = {
    ...base,
    teardown: [],
    steps: [
      { ...first, checks: [], observe, commands: [
        "docker run --name lower busybox sh -c 'echo mid > /mid'", 'docker commit lower dbktest-two',
        "docker run --name upper dbktest-two sh -c 'echo top > /top'", 'docker commit upper dbktest-three',
        'docker run -d --name cow3 dbktest-three sleep 600',
      ] },
      { ...first, checks: [], observe, commands: ["docker exec cow3 sh -c 'echo learner:x:1000: >> /etc/group'"] },
    ],
  };
  const events: LabEvent[] = [];
  const host = simLabHost(1, 'free');
  try {
    const outcome = await runLab({ lab, kernel: host.kernel, paths: host.paths, listener: (e) => events.push(e) });
    expect(outcome.steps.map((s) => s.passed), JSON.stringify([outcome.errors, outcome.steps.map((s) => s.commands.map((c) => [c.line, c.exitCode, c.stderr]))])).toEqual([true, true]);
  } finally {
    await host.dispose();
  }
  const last = events.filter((e) => e.type === 'observation' && e.observation.kind === 'layers').at(-1);
  // The fixture is what the test says it is: three image layers, /etc/group in the bottom one only, now copied up.
  expect(last?.type === 'observation' && last.observation.kind === 'layers' && [last.observation.imageLayers.length, last.observation.paths]).toEqual([3, [{ path: '/etc/group', writable: 'file', imageLayers: [2] }]]);
  return JSON.stringify(makeRecording(LAB, events, new Date().toISOString()));
}

describe.skipIf(!hasChromium)('the copy-up animation in the layers panel', () => {
  const ui = useStaticUi();
  let recording: string;

  beforeAll(async () => {
    recording = await threeLayerRecording();
  }, 120_000);

  async function replay(page: Page): Promise<void> {
    await page.addInitScript(WATCH_FLIGHT);
    await page.goto(ui.url);
    await page.getByTestId('recording-file').setInputFiles({ name: 'three-layers.json', mimeType: 'application/json', buffer: Buffer.from(recording) });
    await expect.poll(() => page.getByTestId('lab-player').getAttribute('data-lab')).toBe(LAB);
  }

  it('moves a file copied up from the bottom layer through each layer above it, and lands where the panel draws it', async () => {
    const page = await ui.browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    try {
      await replay(page);
      await expect.poll(async () => (await flight(page)).length, { timeout: 10_000 }).toBeGreaterThan(0);
      await page.waitForTimeout(700);
      await page.getByTestId('layers-panel').screenshot({ path: artifactPath('layers-copy-up-in-flight.png') });
      const end = await landing(page, '/etc/group');
      const frames = await flight(page);
      expect(frames[0]!.through).toBe('2,1,0');
      expect(layersPassed(frames)).toEqual(['2', '1', '0', 'writable']);
      const last = frames.at(-1)!;
      expect(Math.abs(last.x - end.x)).toBeLessThanOrEqual(3);
      expect(Math.abs(last.y - end.y)).toBeLessThanOrEqual(3);
      expect(await page.getByTestId('copy-up-flyer').count()).toBe(0);
      await page.getByTestId('layers-panel').screenshot({ path: artifactPath('layers-copy-up-landed.png') });
    } finally {
      await page.close();
    }
  }, 60_000);

  it('only lights the file up when the reader asked for reduced motion', async () => {
    const page = await ui.browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 1000 }, reducedMotion: 'reduce' });
    try {
      await replay(page);
      await landing(page, '/etc/group');
      expect(await flight(page)).toEqual([]);
      expect(await page.locator('[data-testid=writable-layer] li.landed[data-path="/etc/group"]').count()).toBe(1);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('in the layers lab itself, moves /etc/passwd from the image layer into the writable layer when step 3 writes it', async () => {
    const page = await ui.browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    try {
      await page.addInitScript(WATCH_FLIGHT);
      await page.goto(ui.url);
      await page.locator(`[data-testid=open-lab][data-lab=${LAB}]`).click();
      for (let i = 0; i < 3; i++) {
        await page.getByTestId('run-step').nth(i).click();
        await expect.poll(() => page.getByTestId('step').nth(i).getAttribute('data-state'), { timeout: 60_000 }).toBe('passed');
        // Nothing was copied up before step 3 (it writes /etc/passwd): nothing moved.
        if (i < 2) expect(await flight(page)).toEqual([]);
      }
      const end = await landing(page, '/etc/passwd');
      const frames = await flight(page);
      expect(layersPassed(frames)).toEqual(['0', 'writable']);
      expect(Math.abs(frames.at(-1)!.y - end.y)).toBeLessThanOrEqual(3);
    } finally {
      await page.close();
    }
  }, 180_000);
});
