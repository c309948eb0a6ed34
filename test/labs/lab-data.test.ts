import { describe, expect, it } from 'vitest';
import { dockerArgv } from '../../core/labs/command-line.js';
import { LABS } from '../../labs/index.js';
import type { L10n, Lab } from '../../labs/lab-types.js';

/** Every piece of text a learner reads, with where it sits in the lab. */
function texts(lab: Lab): [string, L10n][] {
  const out: [string, L10n][] = [['title', lab.title], ['intro', lab.intro], ...lab.hostChanges.map((h, i): [string, L10n] => [`hostChanges ${i}`, h])];
  for (const [i, s] of lab.steps.entries()) {
    out.push([`step ${i + 1} title`, s.title], [`step ${i + 1} explanation`, s.explanation]);
    for (const [j, c] of s.checks.entries()) out.push([`step ${i + 1} check ${j + 1}`, c.text]);
    if (s.predict) {
      out.push([`step ${i + 1} question`, s.predict.question], [`step ${i + 1} reveal`, s.predict.reveal]);
      if (s.predict.kind === 'choice') out.push(...s.predict.choices.map((c, j): [string, L10n] => [`step ${i + 1} choice ${j + 1}`, c]));
    }
  }
  return out;
}

describe('the labs as data', () => {
  it('have unique ids', () => {
    expect(new Set(LABS.map((l) => l.id)).size).toBe(LABS.length);
  });

  for (const lab of LABS) {
    it(`${lab.id}: every text exists in Korean and English, every line is a docker command, every step checks something`, () => {
      for (const [where, t] of texts(lab)) {
        expect(t.ko.trim(), `${where} (ko)`).not.toBe('');
        expect(t.en.trim(), `${where} (en)`).not.toBe('');
      }
      for (const line of [...lab.setup, ...lab.steps.flatMap((s) => s.commands), ...lab.teardown]) expect(() => dockerArgv(line), line).not.toThrow();
      for (const [i, s] of lab.steps.entries()) {
        expect(s.checks.length, `step ${i + 1} has checks`).toBeGreaterThan(0);
        if (s.predict?.kind === 'choice') expect(s.predict.answer, `step ${i + 1} answer`).toBeLessThan(s.predict.choices.length);
        if (s.predict?.kind === 'short') expect(s.predict.accept.length, `step ${i + 1} accepted answers`).toBeGreaterThan(0);
        for (const c of s.checks) {
          if (c.kind !== 'output') continue;
          for (const re of [c.matches, c.notMatches]) if (re !== undefined) expect(() => new RegExp(re, 'm'), re).not.toThrow();
          if (c.command !== undefined) expect(c.command, `step ${i + 1}: output check names command ${c.command}`).toBeLessThan(s.commands.length);
        }
      }
    });
  }
});
