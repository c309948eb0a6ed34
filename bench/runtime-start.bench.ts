// Starting a container: dockbook's runtime against runc, on the same busybox
// bundle, in one run. (a) the library inside a running process, as the
// engine uses it; (b) the dockbook-runtime command; (c) runc run; (d) the
// floor any Node command pays. Goals: (a) ≤ 1.0× runc; (b) ≤ runc + (d).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinuxKernel } from '../core/kernel/linux/linux-kernel.js';
import { createContainer } from '../core/runtime/container-create.js';
import { deleteContainer, startContainer } from '../core/runtime/container-ops.js';
import { defaultSpec } from '../core/runtime/oci/default-spec.js';
import { makeBusyboxRootfs } from '../test/helpers/rootfs.js';
import { type BenchCase, interleavedRuns, median, report } from './stats.js';

const N = Number(process.env['BENCH_RUNS'] ?? 50);
const dir = mkdtempSync(join(tmpdir(), 'dbkbench-'));
const rootfs = makeBusyboxRootfs(dir);
const spec = defaultSpec({ rootPath: rootfs, terminal: false, readonly: false, args: ['/bin/true'] });
spec.linux!.cgroupsPath = '/dbkbench/c';
writeFileSync(join(dir, 'config.json'), JSON.stringify(spec));
const root = join(dir, 'state');
const kernel = new LinuxKernel();

try {
  let i = 0;
  const runc = ['/usr/sbin/runc', '/usr/bin/runc'].find((p) => existsSync(p));
  const cases: BenchCase[] = [
    {
      name: '(a) runtime library: create+start+wait',
      run: async () => {
        const id = `a${i++}`;
        const { process } = await createContainer(kernel, root, id, dir, { stdio: { kind: 'ignore' } });
        await startContainer(kernel, root, id);
        await process.exited;
        await deleteContainer(kernel, root, id);
      },
    },
    {
      name: '(b) dockbook-runtime run',
      run: () => {
        const r = spawnSync(process.execPath, ['bin/dockbook-runtime.mjs', '--root', root, 'run', '--bundle', dir, `b${i++}`], { stdio: 'ignore' });
        if (r.status !== 0) throw new Error(`dockbook-runtime run exited ${r.status}`);
      },
    },
  ];
  if (runc) {
    cases.push({
      name: '(c) runc run',
      run: () => {
        const r = spawnSync(runc, ['--root', join(dir, 'runc'), 'run', '--bundle', dir, `c${i++}`], { stdio: 'ignore' });
        if (r.status !== 0) throw new Error(`runc run exited ${r.status}`);
      },
    });
  } else {
    process.stdout.write('runc is not installed (apt-get install runc): no reference in this run\n');
  }
  cases.push({ name: '(d) node -e 0', run: () => { execFileSync(process.execPath, ['-e', '0']); } });
  process.stdout.write(`medians of ${N} interleaved rounds after one warm-up\n`);
  const rows = await interleavedRuns(N, cases);
  report(rows, runc ? '(c) runc run' : '(d) node -e 0');
  if (runc) {
    const [a, b, c, d] = rows.map((r) => median(r.ms));
    process.stdout.write(`goal (a) ≤ 1.0× runc: ${(a! / c!).toFixed(2)}×; goal (b) ≤ runc + node: ${b!.toFixed(1)} ≤ ${(c! + d!).toFixed(1)} ms → ${b! <= c! + d! ? 'met' : 'not met'}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  // Each runtime removes its container's cgroup, not the /dbkbench parent both used.
  for (const h of readdirSync('/sys/fs/cgroup')) {
    try { rmdirSync(join('/sys/fs/cgroup', h, 'dbkbench')); } catch { /* absent, or not ours to empty */ }
  }
}
