import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { SimKernel } from '../../core/sim/index.js';
import { probeStorage } from '../../core/storage/storage-probe.js';
import { describeRoot } from '../helpers/host.js';
import { linuxKernel } from './store-fixture.js';

describeRoot('choosing the graph driver (real kernel)', () => {
  let kernel: Kernel;
  beforeAll(async () => { kernel = await linuxKernel(); });

  it('picks overlay2 on this host and names the backing filesystem as dockerd does', async () => {
    const fstype = execFileSync('findmnt', ['-n', '-o', 'FSTYPE', '--target', '/var/lib'], { encoding: 'utf8' }).trim();
    const choice = await probeStorage(kernel, '/var/lib/dockbook');
    expect(choice.driver).toBe('overlay2');
    expect(choice.status[0]).toEqual(['Backing Filesystem', /^ext[234]$/.test(fstype) ? 'extfs' : fstype]);
    expect(choice.status).toContainEqual(['Supports d_type', 'true']);
  });

  it('falls back to copying when the state directory itself sits on overlayfs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbktest-probe-'));
    for (const d of ['l', 'u', 'w', 'm']) mkdirSync(join(dir, d));
    execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${dir}/l,upperdir=${dir}/u,workdir=${dir}/w`, `${dir}/m`]);
    try {
      const choice = await probeStorage(kernel, `${dir}/m/state`);
      expect(choice).toMatchObject({ driver: 'copy', status: [['Backing Filesystem', 'overlayfs']] });
      expect(choice.reason).toContain('overlayfs');
    } finally {
      execFileSync('umount', [`${dir}/m`]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('choosing the graph driver (simulated kernel)', () => {
  it('picks overlay2 where the simulated kernel has overlay', async () => {
    const choice = await probeStorage(new SimKernel({ seed: 3 }), '/var/lib/dockbook');
    expect(choice.driver).toBe('overlay2');
  });
});
