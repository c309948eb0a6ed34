// From the engine's observation to the screen: a lab's events go over the lab
// server's WebSocket to a headless Chromium, and each observation that has a
// panel (namespaces, processes, mounts, layers) is timed from the moment a
// second WebSocket client in this process receives it to the first change of
// that panel in the page. Same host, same clock (Date.now()). Goal: median ≤ 100 ms.
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import { launchChromium } from '../test/helpers/browser.js';
import { dockbookUntil } from '../test/helpers/cli.js';
import { median } from './stats.js';

const GOAL_MS = 100;
const ROUNDS = Number(process.env['BENCH_RUNS'] ?? 2);
const PANEL_OF: Record<string, string> = { namespaces: 'namespaces-panel', processTree: 'process-panel', mounts: 'mounts-panel', layers: 'layers-panel' };
const LABS = ['namespaces', 'layers-and-copy-on-write'];

interface Sent { readonly t: number; readonly panel: string }
interface Mark { readonly t: number; readonly panel: string }

/** Records, in the page, when each panel is added or changes (page code: a string, so this file needs no DOM types). */
const WATCH_PANELS = `
  window.__marks = [];
  const panelOf = (n) => {
    for (let e = n instanceof Element ? n : (n && n.parentElement); e; e = e.parentElement) {
      const id = e.getAttribute('data-testid');
      if (id && id.endsWith('-panel')) return id;
    }
    return null;
  };
  new MutationObserver((records) => {
    const t = Date.now();
    for (const r of records) {
      for (const p of [panelOf(r.target), ...[...r.addedNodes].map(panelOf)]) if (p) window.__marks.push({ t, panel: p });
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
`;

async function runLab(page: Page, lab: string): Promise<void> {
  await page.locator(`[data-testid=open-lab][data-lab=${lab}]`).click();
  await page.waitForSelector(`[data-testid=lab-player][data-lab=${lab}]`, { timeout: 60_000 });
  const steps = await page.getByTestId('step').count();
  for (let i = 0; i < steps; i++) {
    await page.getByTestId('run-step').nth(i).click();
    await page.getByTestId('step').nth(i).and(page.locator('[data-state=passed], [data-state=failed]')).waitFor({ timeout: 120_000 });
  }
  await page.getByTestId('close-lab').click();
  await page.waitForSelector('[data-testid=lab-list]');
}

const server = await dockbookUntil(['serve', '--port', '0'], /lab UI: (http:\/\/127\.0\.0\.1:\d+\/)/);
const url = server.match[1]!;
const browser = await launchChromium();
try {
  const sent: Sent[] = [];
  const ws = new WebSocket(`${url.replace('http', 'ws')}api/labs/live`);
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { type: string; event?: { type: string; observation?: { kind: string } } };
    const panel = msg.type === 'event' && msg.event?.type === 'observation' ? PANEL_OF[msg.event.observation!.kind] : undefined;
    if (panel) sent.push({ t: Date.now(), panel });
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.addInitScript({ content: WATCH_PANELS });
  await page.goto(url);
  for (let r = 0; r < ROUNDS; r++) for (const lab of LABS) await runLab(page, lab);
  const marks = (await page.evaluate('window.__marks')) as Mark[];
  ws.close();
  // Each observation is drawn by the first change of its panel at or after it arrived (2 ms for the two sockets' order).
  const latencies = sent.flatMap((s) => {
    const m = marks.find((k) => k.panel === s.panel && k.t >= s.t - 2);
    return m ? [Math.max(0, m.t - s.t)] : [];
  });
  const missed = sent.length - latencies.length;
  const sorted = [...latencies].sort((a, b) => a - b);
  const p90 = sorted[Math.floor(sorted.length * 0.9)] ?? NaN;
  const m = median(latencies);
  process.stdout.write(`observation → panel drawn (${(await (await fetch(`${url}api/status`)).json() as { mode: string }).mode} mode): median ${m.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms, n=${latencies.length}${missed ? `, ${missed} never drawn` : ''}\n`);
  process.stdout.write(`goal ≤ ${GOAL_MS} ms: ${(m / GOAL_MS).toFixed(2)}× the goal\n`);
} finally {
  await browser.close();
  await server.stop();
}
