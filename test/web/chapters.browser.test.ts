import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABS } from '../../labs/index.js';
import { artifactPath, hasChromium } from '../helpers/browser.js';
import { useStaticBrowser } from '../helpers/static-host.js';

const CHAPTERS_DIR = join(import.meta.dirname, '..', '..', 'chapters');
const chapterIds = [...new Set(readdirSync(CHAPTERS_DIR).flatMap((f) => /^(\d\d-[a-z0-9-]+)\.(ko|en)\.md$/.exec(f)?.[1] ?? []))].sort();
const heading = (id: string, lang: string) => /^#\s+(.+)$/m.exec(readFileSync(join(CHAPTERS_DIR, `${id}.${lang}.md`), 'utf8'))![1]!.trim();

describe.skipIf(!hasChromium)('chapters in the UI', () => {
  const ui = useStaticBrowser();

  it('lists every chapter file, shows its text in the chosen language beside its labs, and comes back to it from a lab', async () => {
    const page = await ui.browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    await page.goto(ui.host.url);
    await page.getByTestId('lang-ko').click();
    const listed = await page.getByTestId('open-chapter').evaluateAll((els) => els.map((e) => e.getAttribute('data-chapter')));
    expect(listed).toEqual(chapterIds);

    const id = '03-namespaces';
    await page.locator(`[data-testid=open-chapter][data-chapter="${id}"]`).click();
    await expect.poll(() => page.locator('[data-testid=chapter-text] h1').textContent()).toBe(heading(id, 'ko'));
    const labs = await page.locator('[data-testid=chapter-view] [data-testid=open-lab]').evaluateAll((els) => els.map((e) => e.getAttribute('data-lab')));
    expect(labs).toEqual(LABS.filter((l) => l.chapter === id).map((l) => l.id));
    await page.screenshot({ path: artifactPath('chapter-ko.png'), fullPage: true });
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.locator('[data-testid=chapter-text] h1').textContent()).toBe(heading(id, 'en'));

    await page.locator('[data-testid=chapter-view] [data-testid=open-lab]').first().click();
    await expect.poll(() => page.getByTestId('lab-player').getAttribute('data-lab')).toBe(labs[0]);
    await page.getByTestId('close-lab').click();
    await expect.poll(() => page.getByTestId('chapter-view').getAttribute('data-chapter')).toBe(id);
    await page.getByTestId('close-chapter').click();
    await expect.poll(() => page.getByTestId('chapter-list').count()).toBe(1);
    await page.close();
  }, 120_000);
});
