#!/usr/bin/env node
// Builds the OCI runtime-tools validation programs and runs them against
// dockbook-runtime (and, with --reference, against another runtime such as
// runc, to tell our failures from the suite's own), printing one line per
// validation. See docs/runtime-tools.md.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBusyboxRootfs } from './runtime-tools/busybox-rootfs.mjs';
import { summarizeTap } from './runtime-tools/tap-summary.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const DEBIAN_GOPATH = '/usr/share/gocode';
const UPSTREAM = 'github.com/opencontainers/runtime-tools';

function usage() {
  return [
    'Usage: node scripts/runtime-tools.mjs [--src DIR] [--work DIR] [--only A,B] [--reference CMD] [--timeout S] [--json]',
    '',
    '  --src DIR        a runtime-tools source tree with validation/ (default: $RUNTIME_TOOLS_SRC,',
    `                   then ${DEBIAN_GOPATH}/src/${UPSTREAM})`,
    '  --work DIR       build and run here (default: /tmp/dbktest-rtools-run)',
    '  --only A,B       run only these validations',
    '  --reference CMD  also run each validation against CMD (e.g. runc), state kept under --work',
    '  --timeout S      seconds one validation may take (default 180)',
    '  --json           print the results as JSON instead of lines',
  ].join('\n');
}

function parseArgs(argv) {
  const o = { src: process.env.RUNTIME_TOOLS_SRC ?? join(DEBIAN_GOPATH, 'src', UPSTREAM), work: '/tmp/dbktest-rtools-run', only: null, reference: null, timeout: 180, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => { if (i + 1 >= argv.length) fail(`${a} needs a value`); return argv[++i]; };
    if (a === '--src') o.src = resolve(value());
    else if (a === '--work') o.work = resolve(value());
    else if (a === '--only') o.only = value().split(',').filter(Boolean);
    else if (a === '--reference') o.reference = value();
    else if (a === '--timeout') o.timeout = Number(value());
    else if (a === '--json') o.json = true;
    else if (a === '--help' || a === '-h') { process.stdout.write(`${usage()}\n`); process.exit(0); }
    else fail(`unknown argument ${a} (see --help)`);
  }
  return o;
}

function fail(message, hint) {
  process.stderr.write(`runtime-tools: ${message}${hint ? ` (hint: ${hint})` : ''}\n`);
  process.exit(2);
}

/** Validations are the directories under validation/ with a main package, minus the shared util. */
function listValidations(src) {
  return readdirSync(join(src, 'validation'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'util')
    .map((d) => d.name)
    .filter((name) => readdirSync(join(src, 'validation', name)).some((f) => f.endsWith('.go') && readFileSync(join(src, 'validation', name, f), 'utf8').includes('package main')))
    .sort();
}

/** Whether a validation runs runtimetest inside the container (it then needs the real one, not a placeholder). */
function runsInside(src, name) {
  const dir = join(src, 'validation', name);
  return readdirSync(dir).some((f) => f.endsWith('.go') && readFileSync(join(dir, f), 'utf8').includes('RuntimeInsideValidate'));
}

/**
 * A GOPATH of our own in front of Debian's: the validation sources (and
 * runtimetest) under the upstream import path, and tap-go, which Debian does
 * not package, from our minimal implementation unless a real one is there.
 */
function prepareGopath(src, work) {
  const gopath = join(work, 'gopath');
  const pkg = join(gopath, 'src', UPSTREAM);
  rmSync(pkg, { recursive: true, force: true });
  mkdirSync(pkg, { recursive: true });
  cpSync(join(src, 'validation'), join(pkg, 'validation'), { recursive: true });
  if (existsSync(join(src, 'cmd', 'runtimetest'))) cpSync(join(src, 'cmd', 'runtimetest'), join(pkg, 'cmd', 'runtimetest'), { recursive: true });
  if (!existsSync(join(DEBIAN_GOPATH, 'src', 'github.com', 'mndrix', 'tap-go'))) {
    const tap = join(gopath, 'src', 'github.com', 'mndrix', 'tap-go');
    mkdirSync(tap, { recursive: true });
    cpSync(join(ROOT, 'scripts', 'runtime-tools', 'tap-go', 'tap.go'), join(tap, 'tap.go'));
  }
  return gopath;
}

function goBuild(work, gopath, importPath, out) {
  const env = { ...process.env, GO111MODULE: 'off', GOPATH: `${gopath}:${DEBIAN_GOPATH}`, GOFLAGS: '', GOCACHE: join(work, 'gocache') };
  const r = spawnSync('go', ['build', '-o', out, importPath], { env, encoding: 'utf8' });
  if (r.error) fail(`cannot run go: ${r.error.message}`, 'apt-get install golang-go');
  return r.status === 0 ? null : (r.stderr || r.stdout).trim().split('\n').slice(0, 3).join(' | ');
}

/** A runtime command for the validations: they take one program, so the global flags go in a wrapper. */
function wrapper(work, name, argv) {
  const file = join(work, name);
  writeFileSync(file, `#!/bin/sh\nexec ${argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')} "$@"\n`, { mode: 0o755 });
  return file;
}

function runValidation(bin, cwd, runtime, timeoutS, tmp) {
  const start = Date.now();
  // TMPDIR: the bundles a validation makes (and leaves when it exits early) land where this script removes them.
  const r = spawnSync(bin, [], { cwd, env: { ...process.env, RUNTIME: runtime, TMPDIR: tmp }, encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 64 << 20 });
  const seconds = (Date.now() - start) / 1000;
  const summary = summarizeTap(r.stdout ?? '');
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exited ${r.status}: ${(r.stderr || r.stdout || '').trim().split('\n').pop()}`;
    summary.failed += 1;
    summary.failures.push(why);
  }
  // The hook validations print nothing when all is well: only a failure shows (as an error block).
  return { ...summary, seconds, result: summary.failed > 0 ? 'FAIL' : 'PASS' };
}

/**
 * What a validation left behind: containers (one killed by the timeout),
 * bundles, and the cgroups the suite names (runtime-tools' cgroups package:
 * /cgrouptest and testdir/cgrouptest/container), which runc, unlike
 * dockbook-runtime, leaves on delete. rmdir removes only empty cgroups.
 */
function sweep(runtime, stateDir, tmp) {
  for (const id of existsSync(stateDir) ? readdirSync(stateDir) : []) spawnSync(runtime, ['delete', '--force', id], { stdio: 'ignore' });
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')).filter((f) => /^cgroup2?$/.test(f[f.indexOf('-') + 1] ?? ''));
  for (const f of mounts) {
    for (const rel of ['cgrouptest', 'testdir/cgrouptest/container', 'testdir/cgrouptest', 'testdir']) {
      try { rmdirSync(join(f[4], rel)); } catch { /* not there, or not empty: not ours to force */ }
    }
  }
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(join(o.src, 'validation'))) {
    fail(`no runtime-tools validation sources in ${o.src}`,
      `Debian's golang-github-opencontainers-runtime-tools-dev ships the library only; get the tree (git clone https://${UPSTREAM}) and pass --src or set RUNTIME_TOOLS_SRC`);
  }
  if (process.getuid?.() !== 0) fail('the validations create containers: run as root');
  mkdirSync(o.work, { recursive: true });
  const binDir = join(o.work, 'bin');
  const runDir = join(o.work, 'run');
  mkdirSync(binDir, { recursive: true });
  mkdirSync(runDir, { recursive: true });
  const tmp = join(o.work, 'tmp');
  mkdirSync(tmp, { recursive: true });

  const t0 = Date.now();
  const gopath = prepareGopath(o.src, o.work);
  const names = (o.only ?? listValidations(o.src));
  const built = new Map();
  for (const name of names) {
    if (!existsSync(join(o.src, 'validation', name))) { built.set(name, `no validation/${name} in ${o.src}`); continue; }
    built.set(name, goBuild(o.work, gopath, `${UPSTREAM}/validation/${name}`, join(binDir, `${name}.t`)));
  }
  const realRuntimetest = existsSync(join(o.src, 'cmd', 'runtimetest')) && goBuild(o.work, gopath, `${UPSTREAM}/cmd/runtimetest`, join(runDir, 'runtimetest')) === null;
  // Validations that only create a container still copy runtimetest into the bundle; without the real one a placeholder does.
  if (!realRuntimetest) writeFileSync(join(runDir, 'runtimetest'), '#!/bin/sh\n# placeholder: runtime-tools runtimetest was not built\nexit 0\n', { mode: 0o755 });
  writeBusyboxRootfs(runDir);
  const buildSeconds = (Date.now() - t0) / 1000;

  const runtimes = [['dockbook-runtime', wrapper(o.work, 'dockbook-runtime', [process.execPath, join(ROOT, 'bin', 'dockbook-runtime.mjs'), '--root', join(o.work, 'state')]), join(o.work, 'state')]];
  if (o.reference) runtimes.push([o.reference, wrapper(o.work, `reference-${o.reference.replace(/\W/g, '_')}`, [o.reference, '--root', join(o.work, 'reference-state')]), join(o.work, 'reference-state')]);

  const results = [];
  for (const name of names) {
    const row = { name, built: built.get(name) === null, buildError: built.get(name) ?? undefined, runs: {} };
    if (row.built && runsInside(o.src, name) && !realRuntimetest) row.skipped = 'runs runtimetest inside the container, which was not built';
    else if (row.built) {
      for (const [label, cmd, stateDir] of runtimes) {
        row.runs[label] = runValidation(join(binDir, `${name}.t`), runDir, cmd, o.timeout, tmp);
        sweep(cmd, stateDir, tmp);
      }
    }
    results.push(row);
    if (!o.json) process.stdout.write(`${formatRow(row, runtimes.map(([l]) => l))}\n`);
  }
  const totals = { validations: results.length, buildSeconds, runSeconds: (Date.now() - t0) / 1000 - buildSeconds };
  if (o.json) process.stdout.write(`${JSON.stringify({ ...totals, runtimetest: realRuntimetest, results }, null, 2)}\n`);
  else {
    const pass = results.filter((r) => r.runs['dockbook-runtime']?.result.startsWith('PASS')).length;
    process.stdout.write(`\n${pass}/${results.length} validations pass on dockbook-runtime; build ${buildSeconds.toFixed(1)} s, run ${totals.runSeconds.toFixed(1)} s\n`);
  }
}

function formatRow(row, labels) {
  if (!row.built) return `BUILD-FAIL ${row.name}: ${row.buildError}`;
  if (row.skipped) return `SKIP ${row.name}: ${row.skipped}`;
  return labels.map((l) => {
    const r = row.runs[l];
    const detail = r.failures.length ? `: ${r.failures.slice(0, 2).join('; ')}` : '';
    const counts = r.passed + r.failed === 0 ? 'no failure reported' : `${r.passed}/${r.passed + r.failed} ok`;
    return `${r.result} ${row.name} [${l}] ${counts}, ${r.seconds.toFixed(1)} s${detail}`;
  }).join('\n');
}

main();
