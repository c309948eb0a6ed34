#!/usr/bin/env node
// Runs the benchmarks: each bench/*.bench.ts is bundled with esbuild (they
// import the engine's TypeScript) and run in its own Node process. Some run
// the built commands (bin/dockbook.mjs, bin/dockbook-runtime.mjs), so the
// dist/ bundles are brought up to date first.
// Usage: node bench/run.mjs [NAME...]   (npm run bench; BENCH_RUNS=N for N runs)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const wanted = process.argv.slice(2);
const benches = readdirSync(join(ROOT, 'bench')).filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)));
const fresh = spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure.mjs'), '--build-only'], { cwd: ROOT, stdio: 'inherit' });
if (fresh.status !== 0) process.exit(1);
const out = join(ROOT, 'dist', 'bench');
mkdirSync(out, { recursive: true });
let failed = 0;
for (const file of benches) {
  const bundle = join(out, file.replace(/\.ts$/, '.mjs'));
  await build({
    absWorkingDir: ROOT, entryPoints: [join('bench', file)], outfile: bundle, bundle: true,
    platform: 'node', format: 'esm', target: 'node20', external: ['koffi', 'playwright-core'], logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  process.stdout.write(`\n== ${file}\n`);
  const r = spawnSync(process.execPath, [bundle], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, DOCKBOOK_SHIM: join(ROOT, 'dist', 'native', 'dockbook-shim') } });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
