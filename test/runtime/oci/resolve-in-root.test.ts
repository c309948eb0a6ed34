import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../../core/kernel/kernel.js';
import { KernelError } from '../../../core/kernel/kernel-error.js';
import type { FileStat } from '../../../core/kernel/types.js';
import { cleanPath } from '../../../core/runtime/oci/lexical-path.js';
import { resolveInRoot, securePath } from '../../../core/runtime/oci/resolve-in-root.js';

describe('cleanPath', () => {
  it.each([
    ['', '.'], ['/', '/'], ['//a//b/', '/a/b'], ['/a/./b/../c', '/a/c'], ['/../..', '/'], ['/a/../../b', '/b'],
    ['a/b/../..', '.'], ['../a', '../a'], ['a/../../b', '../b'], ['./', '.'], ['/a/b/.', '/a/b'],
  ])('cleans %j to %j', (input, output) => {
    expect(cleanPath(input)).toBe(output);
  });
});

describe('securePath', () => {
  it('joins a path under root', () => {
    expect(securePath('/r', '/etc/passwd')).toBe('/r/etc/passwd');
    expect(securePath('/r/', 'etc//hosts')).toBe('/r/etc/hosts');
  });

  it('never lets .. climb above root', () => {
    expect(securePath('/r', '../../etc/shadow')).toBe('/r/etc/shadow');
    expect(securePath('/r', '/a/../../..')).toBe('/r');
    expect(securePath('/var/lib/c/rootfs', 'a/b/../../../x')).toBe('/var/lib/c/rootfs/x');
  });

  it('gives root itself for an empty or root path', () => {
    expect(securePath('/r', '')).toBe('/r');
    expect(securePath('/r', '/')).toBe('/r');
    expect(securePath('/', '../x')).toBe('/x');
  });
});

/** A tiny file tree for resolveInRoot: paths to "dir", "file" or a symlink target. */
function fakeKernel(tree: Record<string, string>): Pick<Kernel, 'lstat' | 'readlink'> & { calls: string[] } {
  const calls: string[] = [];
  const stat = (type: FileStat['type']): FileStat => ({
    type, mode: 0o755, uid: 0, gid: 0, size: 0, ino: 1, dev: 1, nlink: 1, mtimeMs: 0, rdev: 0,
  });
  return {
    calls,
    async lstat(path) {
      calls.push(path);
      const parent = path.slice(0, path.lastIndexOf('/'));
      const entry = tree[path];
      if (entry === undefined) {
        throw new KernelError('lstat', path, tree[parent] === 'file' ? 'ENOTDIR' : 'ENOENT');
      }
      return stat(entry === 'dir' ? 'dir' : entry === 'file' ? 'file' : 'symlink');
    },
    async readlink(path) {
      const entry = tree[path];
      if (entry === undefined || entry === 'dir' || entry === 'file') throw new KernelError('readlink', path, 'EINVAL');
      return entry.slice('-> '.length);
    },
  };
}

describe('resolveInRoot (with a made-up file tree)', () => {
  const tree = {
    '/r/etc': 'dir', '/r/etc/passwd': 'file', '/r/usr': 'dir', '/r/usr/lib': 'dir', '/r/bin': 'file',
    '/r/lib': '-> usr/lib', '/r/evil': '-> /etc', '/r/up': '-> ../../..', '/r/usr/lib/back': '-> ../../etc',
    '/r/loop1': '-> loop2', '/r/loop2': '-> /loop1', '/r/chain': '-> lib',
  };

  it('follows a relative link inside the root', async () => {
    expect(await resolveInRoot(fakeKernel(tree), '/r', '/lib/x.so')).toBe('/r/usr/lib/x.so');
    expect(await resolveInRoot(fakeKernel(tree), '/r', 'chain')).toBe('/r/usr/lib');
    expect(await resolveInRoot(fakeKernel(tree), '/r', '/usr/lib/back/passwd')).toBe('/r/etc/passwd');
  });

  it('restarts an absolute link at root, not at the host\'s /', async () => {
    expect(await resolveInRoot(fakeKernel(tree), '/r', '/evil/passwd')).toBe('/r/etc/passwd');
  });

  it('stops .. at root, in the path and in link targets', async () => {
    expect(await resolveInRoot(fakeKernel(tree), '/r', '/up/etc')).toBe('/r/etc');
    expect(await resolveInRoot(fakeKernel(tree), '/r', '../../../etc/passwd')).toBe('/r/etc/passwd');
  });

  it('keeps missing components, and still resolves links reached after them', async () => {
    expect(await resolveInRoot(fakeKernel(tree), '/r', '/new/dir')).toBe('/r/new/dir');
    expect(await resolveInRoot(fakeKernel(tree), '/r', '/new/../evil')).toBe('/r/etc');
    expect(await resolveInRoot(fakeKernel(tree), '/r', '/bin/sh')).toBe('/r/bin/sh');
  });

  it('gives root for an empty path or /', async () => {
    expect(await resolveInRoot(fakeKernel(tree), '/r/', '')).toBe('/r');
    expect(await resolveInRoot(fakeKernel(tree), '/r', '/')).toBe('/r');
  });

  it('fails with ELOOP after 40 links', async () => {
    await expect(resolveInRoot(fakeKernel(tree), '/r', '/loop1/x')).rejects.toMatchObject({ errnoCode: 'ELOOP' });
  });

  it('only looks things up by lstat, never through a link on the host', async () => {
    const k = fakeKernel(tree);
    await resolveInRoot(k, '/r', '/evil/passwd');
    expect(k.calls).toEqual(['/r/evil', '/r/etc', '/r/etc/passwd']);
  });

  it('passes on errors other than "not there"', async () => {
    const k: Pick<Kernel, 'lstat' | 'readlink'> = {
      lstat: async (p) => { throw new KernelError('lstat', p, 'EACCES'); },
      readlink: async (p) => { throw new KernelError('readlink', p, 'EINVAL'); },
    };
    await expect(resolveInRoot(k, '/r', '/x')).rejects.toMatchObject({ errnoCode: 'EACCES' });
  });
});
