#!/usr/bin/env node
// Runs the whole suite (unit, real-kernel when root, browser) with vitest and
// ends with one plain line: `tests: N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const artifacts = join(ROOT, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });
const report = join(artifacts, 'vitest-report.json');
rmSync(report, { force: true });

if (process.getuid?.() !== 0) {
  process.stderr.write('note: not root — the real-kernel tests will be skipped (they need namespaces, mounts and cgroups)\n');
}

const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, DOCKBOOK_TEST_ARTIFACTS: artifacts },
});

let line = 'tests: 0 passed, 1 failed (vitest wrote no report)';
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  const failedSuites = (j.testResults ?? []).filter((t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0).length;
  line = `tests: ${j.numPassedTests} passed, ${j.numFailedTests + failedSuites} failed, ${j.numPendingTests + j.numTodoTests} skipped`;
}
process.stdout.write(`\n${line}\n`);
process.exit(r.status ?? 1);
