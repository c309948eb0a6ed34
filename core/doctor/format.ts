import type { DoctorReport } from './report.js';

const MARK = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;

/** The human report: one line per check, then the mode line. */
export function formatDoctor(r: DoctorReport): string {
  const width = Math.max(...r.checks.map((c) => c.title.length));
  const lines = [`dockbook doctor — Linux ${r.host.kernel} ${r.host.machine}, state dir ${r.host.stateDir}`];
  for (const c of r.checks) lines.push(`  [${MARK[c.status]}] ${c.title.padEnd(width)}  ${c.detail}`);
  lines.push(`mode: ${r.mode === 'linux' ? 'real (linux)' : 'simulator'} — ${r.reason}`);
  return lines.join('\n');
}
