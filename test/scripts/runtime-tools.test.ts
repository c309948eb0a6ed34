import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeRoot, isRootLinux } from '../helpers/host.js';

const SCRIPT = fileURLToPath(new URL('../../scripts/runtime-tools.mjs', import.meta.url));
const SRC = process.env.RUNTIME_TOOLS_SRC ?? '/usr/share/gocode/src/github.com/opencontainers/runtime-tools';
const WORK = '/tmp/dbktest-rtools-run';
const HAS_SUITE = isRootLinux && existsSync(join(SRC, 'validation')) && spawnSync('go', ['version']).status === 0;

/**
 * Validations dockbook-runtime passes in full: lifecycle errors, state,
 * signals, the hooks that run on the host, cgroup limits read back by the
 * suite's own cgroup reader, deletion of what create made. Those that fail
 * for runc as well (the suite predates spec changes) are left out, and so is
 * poststart, which races its hook against the container's first command;
 * see docs/runtime-tools.md for the whole list and why.
 */
const SUBSET = [
  'create', 'state', 'kill_no_effect', 'killsig', 'prestart_fail', 'poststart_fail', 'poststop', 'poststop_fail',
  'linux_cgroups_pids', 'linux_cgroups_devices', 'linux_cgroups_relative_cpus', 'delete_resources', 'config_updates_without_affect',
];

interface Run { result: string; passed: number; failed: number; failures: string[] }
interface Report { results: { name: string; built: boolean; buildError?: string; skipped?: string; runs: Record<string, Run> }[] }

const WHY_SKIPPED = HAS_SUITE ? '' : ` [skipped: needs go and runtime-tools' validation sources in ${SRC} (set RUNTIME_TOOLS_SRC; see docs/runtime-tools.md)]`;

describeRoot('the OCI runtime-tools validations against dockbook-runtime (real kernel)', () => {
  it.runIf(HAS_SUITE)(`passes the chosen validations and leaves no container, bundle or cgroup behind${WHY_SKIPPED}`, () => {
    const r = spawnSync(process.execPath, [SCRIPT, '--src', SRC, '--work', WORK, '--only', SUBSET.join(','), '--json'], { encoding: 'utf8', timeout: 600_000 });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    expect(report.results.map((x) => x.name)).toEqual(SUBSET);
    for (const v of report.results) {
      expect({ name: v.name, built: v.built, buildError: v.buildError }).toEqual({ name: v.name, built: true, buildError: undefined });
      const run = v.runs['dockbook-runtime']!;
      expect({ name: v.name, result: run.result, failures: run.failures }).toEqual({ name: v.name, result: 'PASS', failures: [] });
    }
    // The checks that report passes, not only failures, did run.
    expect(report.results.find((x) => x.name === 'linux_cgroups_pids')!.runs['dockbook-runtime']!.passed).toBe(3);
    expect(readdirSync(join(WORK, 'state'))).toEqual([]);
    expect(readdirSync(join(WORK, 'tmp'))).toEqual([]);
    for (const h of readdirSync('/sys/fs/cgroup')) {
      expect(existsSync(`/sys/fs/cgroup/${h}/cgrouptest`)).toBe(false);
      expect(existsSync(`/sys/fs/cgroup/${h}/testdir`)).toBe(false);
    }
  }, 600_000);
});
