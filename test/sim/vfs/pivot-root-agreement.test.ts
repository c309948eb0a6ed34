import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { KernelError } from '../../../core/kernel/kernel-error.js';
import type { FsView } from '../../../core/sim/vfs/index.js';
import { describeRoot } from '../../helpers/host.js';
import { boot } from './sim-helpers.js';

const STRERROR: Record<string, string> = {
  'Device or resource busy': 'EBUSY',
  'Invalid argument': 'EINVAL',
  'Not a directory': 'ENOTDIR',
  'No such file or directory': 'ENOENT',
  'Operation not permitted': 'EPERM',
};

/**
 * The pivot_root preconditions, tried in the order a runtime meets them. The
 * real run happens in a throwaway mount namespace (`unshare -m`), so even a
 * successful pivot never touches the test process.
 */
const SCRIPT = `set -u
D=$1
try() { label=$1; shift; if out=$("$@" 2>&1); then echo "$label=ok"; else echo "$label=\${out##*: }"; fi; }
mkdir -p $D/rootfs/etc $D/rootfs/old $D/elsewhere $D/elsewhere2 $D/t
echo ID=alpine > $D/rootfs/etc/os-release
try plain-dir pivot_root $D/rootfs $D/rootfs/old
mount -t tmpfs t $D/t; mkdir -p $D/t/newroot/old
try not-a-mount-point pivot_root $D/t/newroot $D/t/newroot/old
mount --bind $D/rootfs $D/rootfs
try put-old-on-the-root-mount pivot_root $D/rootfs $D/elsewhere2
mount -t tmpfs e $D/elsewhere
try put-old-outside-new-root pivot_root $D/rootfs $D/elsewhere
try a-file-as-new-root pivot_root $D/rootfs/etc/os-release $D/rootfs/old
mount --make-rshared /
try while-shared pivot_root $D/rootfs $D/rootfs/old
mount --make-rprivate /
cd $D/rootfs
try dot-dot pivot_root . .
read line < /etc/os-release; echo "new-root-file=$line"; echo "new-root-listing=$(echo /*)"
`;

function simRun(v: FsView, d: string): Record<string, string> {
  const out: Record<string, string> = {};
  const attempt = (label: string, fn: () => void): void => {
    try {
      fn();
      out[label] = 'ok';
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      out[label] = e.errnoCode;
    }
  };
  for (const p of ['rootfs/etc', 'rootfs/old', 'elsewhere', 'elsewhere2', 't']) v.mkdir(`${d}/${p}`, { recursive: true });
  v.writeFile(`${d}/rootfs/etc/os-release`, 'ID=alpine\n');
  attempt('plain-dir', () => v.pivotRoot(`${d}/rootfs`, `${d}/rootfs/old`));
  v.mount({ source: 't', target: `${d}/t`, fstype: 'tmpfs' });
  v.mkdir(`${d}/t/newroot/old`, { recursive: true });
  attempt('not-a-mount-point', () => v.pivotRoot(`${d}/t/newroot`, `${d}/t/newroot/old`));
  v.mount({ source: `${d}/rootfs`, target: `${d}/rootfs`, flags: ['bind'] });
  attempt('put-old-on-the-root-mount', () => v.pivotRoot(`${d}/rootfs`, `${d}/elsewhere2`));
  v.mount({ source: 'e', target: `${d}/elsewhere`, fstype: 'tmpfs' });
  attempt('put-old-outside-new-root', () => v.pivotRoot(`${d}/rootfs`, `${d}/elsewhere`));
  attempt('a-file-as-new-root', () => v.pivotRoot(`${d}/rootfs/etc/os-release`, `${d}/rootfs/old`));
  v.mount({ source: '', target: '/', flags: ['shared', 'rec'] });
  attempt('while-shared', () => v.pivotRoot(`${d}/rootfs`, `${d}/rootfs/old`));
  v.mount({ source: '', target: '/', flags: ['private', 'rec'] });
  v.chdir(`${d}/rootfs`);
  attempt('dot-dot', () => v.pivotRoot('.', '.'));
  out['new-root-file'] = v.readText('/etc/os-release').trim();
  out['new-root-listing'] = v.readdir('/').map((e) => `/${e.name}`).sort().join(' ');
  return out;
}

describeRoot('simulated pivot_root agrees with the real kernel', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'dbktest-pivot-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('refuses the same calls with the same errno, in the kernel’s order, and pivots the same way', () => {
    writeFileSync(join(dir, 'script.sh'), SCRIPT);
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', join(dir, 'script.sh'), dir], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    const real: Record<string, string> = {};
    for (const line of r.stdout.split('\n').filter(Boolean)) {
      const eq = line.indexOf('=');
      const value = line.slice(eq + 1);
      real[line.slice(0, eq)] = STRERROR[value] ?? value;
    }
    const { init } = boot();
    init.mkdir(dir, { recursive: true });
    const sim = simRun(init.fork(), dir);
    expect(real['plain-dir']).toBe('EBUSY');
    expect(sim).toEqual(real);
  });
});
