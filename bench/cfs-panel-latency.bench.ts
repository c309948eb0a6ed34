// From the end of a CFS period (the kernel's time, taken from the samples)
// to the CFS panel drawing that period's cell in Chromium: sampling (20 Hz),
// the lab server, the WebSocket, the fold and Svelte's next frame. Runs the
// resource-limits lab on this host through `dockbook serve`, up to the
// --cpus 0.5 step, and takes every cell drawn for its busy loops.
// Goal: median ≤ 200 ms. The kernel does not expose the phase of a group's
// period timer, so the panel lays its periods on a grid from the first
// reading and a cell ends on a reading's timestamp: the measured time is
// from that reading to the screen. The kernel's own period boundary falls
// up to one sampling interval (the reference row) before that reading, so
// the worst case from the kernel's period end is the median plus 50 ms.
import { openLabUi } from '../test/helpers/lab-ui.js';
import { SAMPLE_EVERY_MS } from '../core/labs/cgroup-sampler.js';
import { report } from './stats.js';

const LAB = 'resource-limits';
const LAST_STEP = 3;

interface Drawn { container: string; index: number; end: number; drawnAt: number }

async function until(read: () => Promise<string | null>, ok: (v: string | null) => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok(await read())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the lab UI');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ui = await openLabUi();
try {
  const page = await ui.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(ui.url);
  await page.locator(`[data-testid=open-lab][data-lab=${LAB}]`).click();
  await until(() => page.getByTestId('lab-player').getAttribute('data-lab').catch(() => null), (v) => v === LAB, 30_000);
  for (let i = 0; i <= LAST_STEP; i++) {
    await page.getByTestId('run-step').nth(i).click();
    await until(() => page.getByTestId('step').nth(i).getAttribute('data-state'), (v) => v === 'passed' || v === 'failed', 120_000);
  }
  const drawn = await page.evaluate(() => (globalThis as { __dockbookCfsDrawn?: Drawn[] }).__dockbookCfsDrawn ?? []);
  const latencies = drawn.map((d) => d.drawnAt - d.end);
  if (latencies.length < 20) throw new Error(`only ${latencies.length} periods were drawn`);
  process.stdout.write(`${latencies.length} periods drawn (containers: ${[...new Set(drawn.map((d) => d.container))].join(', ')})\n`);
  report([
    { name: 'period end → drawn', ms: latencies },
    { name: 'sampling interval', ms: [SAMPLE_EVERY_MS] },
  ], 'sampling interval');
  await page.close();
} finally {
  await ui.close();
}
