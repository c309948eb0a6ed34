import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LABS } from '../../labs/index.js';
import type { Lang } from '../../labs/lab-types.js';

const DIR = new URL('../../chapters/', import.meta.url);
const LANGS: readonly Lang[] = ['ko', 'en'];
/** The line under each chapter's title that names its labs: `Lab: \`id\`` / `실습: \`id\``. */
const LAB_LINE: Record<Lang, RegExp> = { en: /^Labs?: (.+)$/m, ko: /^실습: (.+)$/m };

const read = (name: string) => readFileSync(new URL(name, DIR), 'utf8');

/** Chapter names (`01-images-and-containers`) from the files present, whatever the language. */
function chapterNames(): string[] {
  const names = readdirSync(DIR).map((f) => /^(\d{2}-[a-z0-9-]+)\.(ko|en)\.md$/.exec(f)?.[1]).filter((n): n is string => n !== undefined);
  return [...new Set(names)].sort();
}

/** Lab ids named on the chapter's lab line, in backquotes. */
function namedLabs(text: string, lang: Lang): string[] {
  const line = LAB_LINE[lang].exec(text)?.[1] ?? '';
  return [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

describe('the chapters', () => {
  it('exist for every lab, in Korean and in English', () => {
    for (const lab of LABS) {
      for (const lang of LANGS) expect(existsSync(new URL(`${lab.chapter}.${lang}.md`, DIR)), `${lab.chapter}.${lang}.md for lab ${lab.id}`).toBe(true);
    }
  });

  it('come in pairs: no chapter is missing one language', () => {
    const names = chapterNames();
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) for (const lang of LANGS) expect(existsSync(new URL(`${name}.${lang}.md`, DIR)), `${name}.${lang}.md`).toBe(true);
  });

  for (const name of chapterNames()) {
    for (const lang of LANGS) {
      it(`${name}.${lang}.md names existing labs, among them its own`, () => {
        const text = read(`${name}.${lang}.md`);
        expect(text).toMatch(/^# \d+\. \S/);
        const ids = namedLabs(text, lang);
        expect(ids.length, 'a lab line naming at least one lab id').toBeGreaterThan(0);
        for (const id of ids) expect(LABS.map((l) => l.id), `lab id "${id}"`).toContain(id);
        const own = LABS.filter((l) => l.chapter === name).map((l) => l.id);
        expect(own.length, `a lab whose chapter is ${name}`).toBeGreaterThan(0);
        for (const id of own) expect(ids, `the chapter names its lab ${id}`).toContain(id);
      });
    }
  }

  it('say the same things in both languages: the same labs, headings and diagrams', () => {
    for (const name of chapterNames()) {
      const [ko, en] = [read(`${name}.ko.md`), read(`${name}.en.md`)];
      expect(namedLabs(ko, 'ko')).toEqual(namedLabs(en, 'en'));
      const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;
      expect(count(ko, /^#{1,3} /gm), `${name}: headings`).toBe(count(en, /^#{1,3} /gm));
      expect(count(ko, /^```/gm), `${name}: code blocks`).toBe(count(en, /^```/gm));
    }
  });
});
