#!/usr/bin/env node
// Makes this checkout ready to run: npm packages, the Debian packages the
// engine uses (when root on Debian), and the built bundles — each only when
// missing or stale. `npm start` and `npm test` call it first, so the README's
// two commands work on a fresh machine with nothing else done.
//
// Plain JavaScript with no dependencies: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const args = new Set(process.argv.slice(2));
const forTests = args.has('--for-tests');
const buildOnly = args.has('--build-only');

/** Debian packages the engine itself uses, and those only the tests and benchmarks need. */
const DEBIAN_RUNTIME = ['busybox-static', 'iproute2', 'nftables', 'gcc', 'libc6-dev'];
const DEBIAN_TESTS = ['chromium', 'fonts-noto-cjk', 'curl'];

const say = (msg) => process.stderr.write(`dockbook setup: ${msg}\n`);

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function ensureNpm() {
  const lock = join(ROOT, 'package-lock.json');
  const hash = createHash('sha256')
    .update(readFileSync(join(ROOT, 'package.json')))
    .update(existsSync(lock) ? readFileSync(lock) : '')
    .digest('hex');
  const stampFile = join(ROOT, 'node_modules', '.dockbook-deps');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return;
  say('installing npm packages…');
  const code = run('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund', '--loglevel=error']);
  if (code !== 0) { say('npm install failed'); process.exit(code); }
  writeFileSync(stampFile, hash);
}

function isRootOnDebian() {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
}

function missingDebian(pkgs) {
  return pkgs.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return !(r.stdout ?? '').includes('install ok installed');
  });
}

function ensureDebian() {
  if (!isRootOnDebian()) return;
  const missing = missingDebian([...DEBIAN_RUNTIME, ...(forTests ? DEBIAN_TESTS : [])]);
  if (missing.length === 0) return;
  say(`installing Debian packages: ${missing.join(' ')}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  const code = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
  if (code !== 0) say(`apt-get could not install ${missing.join(' ')}; the checks that need them will say so`);
}

/** Newest modification time of any file under the given paths. */
function newest(paths) {
  let max = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules' && !name.startsWith('.')) walk(join(p, name));
    } else max = Math.max(max, st.mtimeMs);
  };
  for (const p of paths) walk(join(ROOT, p));
  return max;
}

function stale(stamp, inputs) {
  const file = join(ROOT, 'dist', stamp);
  return !existsSync(file) || statSync(file).mtimeMs < newest(inputs);
}

function touch(stamp) {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  writeFileSync(join(ROOT, 'dist', stamp), new Date().toISOString());
}

async function buildNode() {
  const inputs = ['core', 'labs', 'chapters', 'package.json', 'scripts/ensure.mjs'];
  if (!stale('.node-stamp', inputs)) return;
  say('bundling the engine and CLI…');
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: ROOT,
    // dockbook-client: docker's command lines alone (the full bundle is loaded only for the rest).
    entryPoints: { dockbook: 'core/node/dockbook-main.ts', 'dockbook-client': 'core/node/dockbook-client-main.ts', 'dockbook-runtime': 'core/node/runtime-main.ts' },
    outdir: 'dist/node',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    // koffi carries a native addon: load it from node_modules as it is.
    external: ['koffi'],
    // CommonJS dependencies (ws) call require() for Node's modules; give the ESM bundle one.
    banner: { js: "import { createRequire as __dockbookRequire } from 'node:module'; const require = __dockbookRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  touch('.node-stamp');
}

/** The native shim (see native/dockbook-shim.c for why it is C). */
function buildNative() {
  if (!stale('native/.stamp', ['native'])) return;
  const gcc = ['/usr/bin/gcc', '/usr/bin/cc'].find((p) => existsSync(p));
  if (!gcc) {
    say('no C compiler: the native shim is not built, so real containers cannot run (apt-get install gcc libc6-dev)');
    return;
  }
  say('compiling the native shim…');
  mkdirSync(join(ROOT, 'dist', 'native'), { recursive: true });
  const sources = readdirSync(join(ROOT, 'native')).filter((f) => f.endsWith('.c')).map((f) => `native/${f}`);
  const code = run(gcc, ['-O2', '-Wall', '-Wextra', '-Werror', '-o', 'dist/native/dockbook-shim', ...sources]);
  if (code !== 0) { say('the native shim did not compile'); process.exit(code); }
  touch('native/.stamp');
}

function buildWeb() {
  // The static build's worker bundles the whole engine on the simulator and the labs: a change there is a change of the UI.
  const inputs = ['web', 'core', 'labs', 'chapters', 'vite.config.ts', 'package.json'];
  if (!stale('.web-stamp', inputs)) return;
  say('building the web UI…');
  const code = run(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
  if (code !== 0) { say('the web UI did not build'); process.exit(code); }
  touch('.web-stamp');
}

if (!buildOnly) {
  ensureNpm();
  ensureDebian();
} else if (!existsSync(join(ROOT, 'node_modules'))) {
  ensureNpm();
}
await buildNode();
buildNative();
buildWeb();
