import { describe, expect, it } from 'vitest';
import { dockbook } from '../helpers/cli.js';
import { LABS } from '../../labs/index.js';

describe('dockbook lab', () => {
  it('lists every lab with its title and step count', () => {
    const r = dockbook(['lab', 'list', '--lang', 'ko']);
    expect(r.code).toBe(0);
    for (const lab of LABS) expect(r.stdout).toContain(`${lab.id}`);
    expect(r.stdout).toContain('이미지와 컨테이너');
  });

  it('runs every lab in the simulator and prints valid JSON with each check\'s observed value', () => {
    const r = dockbook(['lab', 'run', '--all', '--mode', 'sim', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { mode: string; passed: boolean; labs: { lab: string; passed: boolean; steps: { checks: { pass: boolean; observed: unknown }[] }[] }[] };
    expect(report).toMatchObject({ mode: 'sim', passed: true });
    expect(report.labs.map((l) => l.lab)).toEqual(LABS.map((l) => l.id));
    const checks = report.labs.flatMap((l) => l.steps.flatMap((s) => s.checks));
    expect(checks.length).toBeGreaterThan(30);
    expect(checks.every((c) => c.pass && 'observed' in c)).toBe(true);
  });

  it('prints the checks as text and says how many labs passed', () => {
    const r = dockbook(['lab', 'run', 'namespaces', '--mode', 'sim']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ .*observed/);
    expect(r.stdout).toContain('1 of 1 labs passed (sim)');
  });

  it('refuses an unknown lab with a one-line error and exit 125', () => {
    const r = dockbook(['lab', 'run', 'no-such-lab', '--mode', 'sim']);
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/^dockbook: E_LAB_NOT_FOUND no lab called "no-such-lab" \(hint: known labs: images-and-containers/);
  });
});
