import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

function tsc(project: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [TSC, '-p', project, '--noEmit'], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('strict TypeScript, one tsconfig per environment', () => {
  it('compiles the portable core with no Node and no DOM types', () => {
    const r = tsc('tsconfig.core.json');
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);

  it('compiles the Node side, the tests and the benchmarks', () => {
    const r = tsc('tsconfig.node.json');
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);

  it('checks the Svelte UI against the DOM types only', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'svelte-check', 'bin', 'svelte-check'), '--tsconfig', 'tsconfig.web.json', '--output', 'machine', '--fail-on-warnings'], { cwd: ROOT, encoding: 'utf8' });
    const problems = r.stdout.split('\n').filter((l) => / (ERROR|WARNING) /.test(l));
    expect(problems).toEqual([]);
    expect(r.status).toBe(0);
  }, 120_000);
});
