import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { LinuxKernel } from '../../core/kernel/linux/linux-kernel.js';
import { describeRoot } from '../helpers/host.js';

describeRoot('extended attributes through the Kernel (real kernel)', () => {
  let dir = '';
  afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('sets and reads trusted.overlay.opaque on a directory, null when unset, and never follows a symlink', async () => {
    const k = new LinuxKernel();
    dir = mkdtempSync(join(tmpdir(), 'dbktest-xattr-'));
    expect(await k.getxattr(dir, 'trusted.overlay.opaque')).toBeNull();
    await k.setxattr(dir, 'trusted.overlay.opaque', 'y');
    expect(new TextDecoder().decode((await k.getxattr(dir, 'trusted.overlay.opaque'))!)).toBe('y');
    symlinkSync(dir, join(dir, 'ln'));
    expect(await k.getxattr(join(dir, 'ln'), 'trusted.overlay.opaque')).toBeNull();
    await expect(k.getxattr(join(dir, 'missing'), 'trusted.overlay.opaque')).rejects.toMatchObject({ errnoCode: 'ENOENT' });
  });
});
