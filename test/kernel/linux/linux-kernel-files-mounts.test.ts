import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { describeRoot } from '../../helpers/host.js';

describeRoot('LinuxKernel files and mounts (real kernel)', () => {
  let kernel: Kernel;
  let dir: string;
  beforeAll(async () => {
    const { LinuxKernel } = await import('../../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'dbktest-files-')); });
  afterEach(async () => {
    for (const m of (await kernel.mountTable()).filter((x) => x.mountPoint.startsWith(dir)).reverse()) {
      await kernel.umount(m.mountPoint, { detach: true }).catch(() => {});
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes, reads, stats, lists and removes files', async () => {
    await kernel.mkdir(`${dir}/a/b`, { recursive: true });
    await kernel.writeFile(`${dir}/a/b/f`, 'hello', { mode: 0o640 });
    await kernel.writeFile(`${dir}/a/b/f`, ' world', { append: true });
    expect(await kernel.readText(`${dir}/a/b/f`)).toBe('hello world');
    expect(await kernel.stat(`${dir}/a/b/f`)).toMatchObject({ type: 'file', mode: 0o640, size: 11 });
    await kernel.symlink('b/f', `${dir}/a/link`);
    expect(await kernel.readlink(`${dir}/a/link`)).toBe('b/f');
    expect((await kernel.lstat(`${dir}/a/link`)).type).toBe('symlink');
    expect(await kernel.readdir(`${dir}/a`)).toEqual(expect.arrayContaining([{ name: 'b', type: 'dir' }, { name: 'link', type: 'symlink' }]));
    await kernel.remove(`${dir}/a`, { recursive: true });
    expect(await kernel.exists(`${dir}/a`)).toBe(false);
  });

  it('names the call and errno when a file operation fails', async () => {
    await expect(kernel.readText(`${dir}/missing`)).rejects.toMatchObject({ errnoCode: 'ENOENT', message: `read(${dir}/missing): ENOENT` });
    await kernel.mkdir(`${dir}/full`);
    await kernel.writeFile(`${dir}/full/x`, '');
    await expect(kernel.rmdir(`${dir}/full`)).rejects.toMatchObject({ errnoCode: 'ENOTEMPTY' });
  });

  it('hashes bytes and streamed files with sha256', async () => {
    expect(await kernel.sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    await kernel.writeFile(`${dir}/big`, new Uint8Array(3 << 20).fill(7));
    const direct = await kernel.sha256(await kernel.readFile(`${dir}/big`));
    expect(await kernel.sha256File(`${dir}/big`)).toBe(direct);
    await expect(kernel.sha256File(`${dir}/none`)).rejects.toMatchObject({ errnoCode: 'ENOENT' });
  });

  it('makes device nodes with mknod', async () => {
    await kernel.mknod(`${dir}/null`, 'char', 0o666, 1, 3);
    const st = await kernel.stat(`${dir}/null`);
    expect(st.type).toBe('char');
    expect(st.rdev).toBe((1 << 8) | 3);
  });

  it('mounts a tmpfs, shows it in the mount table, and unmounts it', async () => {
    await kernel.mkdir(`${dir}/m`);
    await kernel.mount({ source: 'dbktest', target: `${dir}/m`, fstype: 'tmpfs', flags: ['nosuid', 'nodev'], data: 'size=1m' });
    const entry = (await kernel.mountTable()).find((m) => m.mountPoint === `${dir}/m`);
    expect(entry).toMatchObject({ fstype: 'tmpfs', source: 'dbktest' });
    expect(entry?.options).toEqual(expect.arrayContaining(['nosuid', 'nodev']));
    await kernel.umount(`${dir}/m`);
    expect((await kernel.mountTable()).some((m) => m.mountPoint === `${dir}/m`)).toBe(false);
  });

  it('refuses to remove a tree that still has a mount inside, and deletes nothing under it', async () => {
    await kernel.mkdir(`${dir}/state/merged`, { recursive: true });
    await kernel.mkdir(`${dir}/precious`);
    await kernel.writeFile(`${dir}/precious/keep`, 'host data');
    await kernel.mount({ source: `${dir}/precious`, target: `${dir}/state/merged`, flags: ['bind'] });
    await expect(kernel.remove(`${dir}/state`, { recursive: true })).rejects.toMatchObject({ errnoCode: 'EBUSY' });
    expect(await kernel.readText(`${dir}/precious/keep`)).toBe('host data');
    await kernel.umount(`${dir}/state/merged`);
    await kernel.remove(`${dir}/state`, { recursive: true });
    expect(await kernel.exists(`${dir}/state`)).toBe(false);
  });

  it('reports a bad mount with the call, the target and EINVAL/ENODEV', async () => {
    await kernel.mkdir(`${dir}/bad`);
    await expect(kernel.mount({ source: 'x', target: `${dir}/bad`, fstype: 'no-such-fs' })).rejects.toThrow(/^mount\(no-such-fs → .*\/bad\): ENODEV$/);
  });

  it('opens a pty pair whose slave echoes what the master writes', async () => {
    const pty = await kernel.openPty();
    try {
      expect(pty.slavePath).toMatch(/^\/dev\/pts\/\d+$/);
      const st = await kernel.stat(pty.slavePath);
      expect(st.type).toBe('char');
    } finally {
      await kernel.closeFd(pty.slaveFd);
      await kernel.closeFd(pty.masterFd);
    }
  });
});
