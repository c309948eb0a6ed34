// Unpacking a layer: a generated 200 MB, 20k-file layer tar unpacked by
// dockbook's unpackLayer (the checked, overlay-aware extraction every image
// layer goes through) against GNU tar -x of the same file, in one run.
// Goal (issue 4): dockbook ≤ 1.5× GNU tar's median.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinuxKernel } from '../core/kernel/linux/linux-kernel.js';
import type { TarEntry } from '../core/storage/tar/tar-entry.js';
import { writeTar } from '../core/storage/tar/tar-writer.js';
import { unpackLayer } from '../core/storage/unpack.js';
import { median, report, timeRuns } from './stats.js';

const N = Number(process.env['BENCH_RUNS'] ?? 5);
const FILES = 20_000;
const FILE_BYTES = 10_000; // 20k × 10 kB = 200 MB
const PER_DIR = 100;
const dir = mkdtempSync(join(tmpdir(), 'dbkbench-unpack-'));
const kernel = new LinuxKernel();

/** A layer shaped like a real one: nested directories, files of a few owners and modes, some symlinks and hardlinks. */
function layer(): Uint8Array {
  const entries: TarEntry[] = [];
  const t = 1_700_000_000;
  const body = new Uint8Array(FILE_BYTES);
  for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff;
  for (let d = 0; d < FILES / PER_DIR; d++) {
    const top = `usr/share/pkg${Math.floor(d / 10)}`;
    if (d % 10 === 0) entries.push({ path: top, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: t });
    const sub = `${top}/d${d}`;
    entries.push({ path: sub, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: t });
    for (let f = 0; f < PER_DIR; f++) {
      const path = `${sub}/file${f}`;
      if (f === PER_DIR - 1) { entries.push({ path, type: 'hardlink', linkname: `${sub}/file0`, mode: 0o644, uid: 0, gid: 0, mtime: t }); continue; }
      if (f === PER_DIR - 2) { entries.push({ path, type: 'symlink', linkname: 'file1', mode: 0o777, uid: 0, gid: 0, mtime: t }); continue; }
      entries.push({ path, type: 'file', mode: f % 7 === 0 ? 0o755 : 0o644, uid: f % 5 === 0 ? 1000 : 0, gid: f % 5 === 0 ? 1000 : 0, mtime: t, data: body });
    }
  }
  return writeTar([{ path: 'usr', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: t }, { path: 'usr/share', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: t }, ...entries]);
}

try {
  const tarPath = join(dir, 'layer.tar');
  writeFileSync(tarPath, layer());
  // Dirty pages of one extraction would otherwise be written back during the next one's clock: flush, untimed.
  const settle = (): void => { execFileSync('sync'); };
  settle();
  const size = Number(execFileSync('stat', ['-c', '%s', tarPath], { encoding: 'utf8' }));
  process.stdout.write(`layer: ${(size / 1e6).toFixed(0)} MB, ${FILES} members under ${FILES / PER_DIR} directories\n`);
  let i = 0;
  const fresh = (): string => {
    const target = join(dir, `out${i++}`);
    mkdirSync(target);
    return target;
  };
  // Interleaved, so both see the same machine load; each extraction goes to a new directory, removed untimed.
  // CPU time (user + sys) is reported beside wall time: on a shared VM the wall clock mostly measures the neighbours.
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const gnu: number[] = [];
  const gnuCpu: number[] = [];
  for (let run = 0; run < N; run++) {
    let target = fresh();
    const c0 = process.cpuUsage();
    ours.push(...await timeRuns(1, async () => { await unpackLayer(kernel, await kernel.readFile(tarPath), target); }));
    const c = process.cpuUsage(c0);
    oursCpu.push((c.user + c.system) / 1000);
    rmSync(target, { recursive: true, force: true });
    settle();
    target = fresh();
    let cpu = '';
    gnu.push(...await timeRuns(1, () => {
      const r = spawnSync('bash', ['-c', `TIMEFORMAT='%U %S'; time tar -x -p --numeric-owner -f '${tarPath}' -C '${target}'`], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`tar exited ${r.status}: ${r.stderr}`);
      cpu = r.stderr.trim().split('\n').pop() ?? '';
    }));
    const [user, sys] = cpu.split(' ').map(Number);
    gnuCpu.push(((user ?? NaN) + (sys ?? NaN)) * 1000);
    rmSync(target, { recursive: true, force: true });
    settle();
  }
  process.stdout.write('wall clock:\n');
  report([{ name: 'dockbook unpackLayer (read + checked extract)', ms: ours }, { name: 'GNU tar -xp', ms: gnu }], 'GNU tar -xp');
  process.stdout.write('CPU time (user + sys):\n');
  report([{ name: 'dockbook unpackLayer (read + checked extract)', ms: oursCpu }, { name: 'GNU tar -xp', ms: gnuCpu }], 'GNU tar -xp');
  const ratio = median(ours) / median(gnu);
  process.stdout.write(`goal ≤ 1.5× GNU tar (wall): ${ratio <= 1.5 ? 'met' : 'not met'} (${ratio.toFixed(2)}×; CPU ${(median(oursCpu) / median(gnuCpu)).toFixed(2)}×)\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
