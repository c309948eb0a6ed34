import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { resolveInRoot } from '../../../core/runtime/oci/resolve-in-root.js';
import { describeRoot } from '../../helpers/host.js';

describeRoot('resolveInRoot on a real rootfs with planted symlinks (real kernel)', () => {
  let kernel: Kernel;
  let dir: string;
  let root: string;
  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbktest-resolve-'));
    root = join(dir, 'rootfs');
    mkdirSync(join(root, 'etc'), { recursive: true });
    mkdirSync(join(root, 'usr/lib'), { recursive: true });
    mkdirSync(join(root, 'a/b/c'), { recursive: true });
    writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
    symlinkSync('/etc', join(root, 'evil'));
    symlinkSync('../../..', join(root, 'up'));
    symlinkSync('../../../../../../..', join(root, 'a/b/c/deep'));
    symlinkSync('usr/lib', join(root, 'lib'));
    symlinkSync('loop-b', join(root, 'loop-a'));
    symlinkSync('/loop-a', join(root, 'loop-b'));
    symlinkSync('self', join(root, 'self'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps `evil -> /etc` inside the rootfs', async () => {
    expect(await resolveInRoot(kernel, root, '/evil/passwd')).toBe(`${root}/etc/passwd`);
    expect(await resolveInRoot(kernel, root, 'evil')).toBe(`${root}/etc`);
  });

  it('stops `up -> ../../..` at the rootfs', async () => {
    expect(await resolveInRoot(kernel, root, '/up/etc/shadow')).toBe(`${root}/etc/shadow`);
    expect(await resolveInRoot(kernel, root, '/a/b/c/deep/etc')).toBe(`${root}/etc`);
    expect(await resolveInRoot(kernel, root, '/up')).toBe(root);
  });

  it('follows ordinary relative links and leaves missing parts for the caller to create', async () => {
    expect(await resolveInRoot(kernel, root, '/lib/ld.so')).toBe(`${root}/usr/lib/ld.so`);
    expect(await resolveInRoot(kernel, root, '/data/db')).toBe(`${root}/data/db`);
    expect(await resolveInRoot(kernel, root, '/etc/passwd/x')).toBe(`${root}/etc/passwd/x`);
  });

  it('fails with ELOOP on a symlink loop', async () => {
    await expect(resolveInRoot(kernel, root, '/loop-a/x')).rejects.toMatchObject({ code: 'E_SYSCALL', errnoCode: 'ELOOP' });
    await expect(resolveInRoot(kernel, root, '/self')).rejects.toMatchObject({ errnoCode: 'ELOOP' });
  });
});
