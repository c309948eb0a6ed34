import type { Lab, Lang } from '../../labs/lab-types.js';
import type { LabOutcome } from './lab-outcome.js';

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** A lab run as a teacher reads it on a terminal: each step, its commands, each check with what was seen. */
export function formatOutcome(lab: Lab, outcome: LabOutcome, lang: Lang): string {
  const lines = [`${outcome.passed ? 'PASS' : 'FAIL'}  ${lab.id} — ${lab.title[lang]} (${outcome.mode})`];
  for (const step of outcome.steps) {
    const title = lab.steps[step.index]?.title[lang] ?? '';
    lines.push(`  ${step.skipped ? 'skip' : step.passed ? 'ok  ' : 'FAIL'}  ${step.index + 1}. ${title}${step.skipped ? ` — ${step.skipped[lang]}` : ''}`);
    for (const c of step.commands) lines.push(`          $ ${c.line}${c.exitCode !== 0 ? `   → exit ${c.exitCode}: ${c.stderr.trim()}` : ''}`);
    for (const c of step.checks) {
      lines.push(`          ${c.pass ? '✓' : '✗'} ${c.check.text[lang]}   observed ${show(c.observed)}${c.pass ? '' : `, expected ${show(c.expected)}`}`);
    }
  }
  for (const e of outcome.errors) lines.push(`  error ${e.code}: ${e.message}`);
  const calls = Object.values(outcome.changes.kernelCalls).reduce((a, b) => a + b, 0);
  lines.push(`  ${lang === 'ko' ? '호스트 변경' : 'host changes'}: ${outcome.changes.containersCreated.length} containers made, ${outcome.changes.containersLeft.length} left, ${calls} kernel calls`);
  for (const s of lab.hostChanges) lines.push(`    - ${s[lang]}`);
  return lines.join('\n');
}
