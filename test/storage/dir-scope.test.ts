import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { SimKernel } from '../../core/sim/index.js';
import { DirScope } from '../../core/storage/dir-scope.js';
import { extractArchive } from '../../core/storage/extract-archive.js';
import { describeRoot, uniqueName } from '../helpers/host.js';
import { e, linuxKernel, tar } from './store-fixture.js';

function scenarios(name: string, makeKernel: () => Promise<Kernel>): void {
  describe(`paths resolved inside a directory as if chrooted there (${name})`, () => {
    async function withTree(body: (k: Kernel, root: string, outside: string) => Promise<void>): Promise<void> {
      const kernel = await makeKernel();
      const base = `/tmp/${uniqueName('scope')}`;
      const root = `${base}/root`;
      const outside = `${base}/outside`;
      await kernel.mkdir(`${root}/etc`, { recursive: true });
      await kernel.mkdir(`${root}/data`, { recursive: true });
      await kernel.mkdir(outside, { recursive: true });
      await kernel.writeFile(`${outside}/secret`, 'host only');
      await kernel.symlink(outside, `${root}/abs`);
      await kernel.symlink('../../../../../../..', `${root}/etc/up`);
      await kernel.symlink('/etc', `${root}/data/etc-link`);
      await kernel.symlink('loop2', `${root}/loop1`);
      await kernel.symlink('loop1', `${root}/loop2`);
      try {
        await body(kernel, root, outside);
      } finally {
        await kernel.remove(base, { recursive: true, force: true });
      }
    }

    it('follows an absolute link from the scope root and stops ".." at it', () => withTree(async (kernel, root, outside) => {
      const scope = new DirScope(kernel, root);
      expect(await scope.resolve(`/abs/secret`, true)).toBe(`${outside}/secret`);
      expect(scope.hostPath(await scope.resolve('/abs/secret', true))).toBe(`${root}${outside}/secret`);
      expect(await scope.resolve('/etc/up/etc/passwd', true)).toBe('/etc/passwd');
      expect(await scope.resolve('/data/etc-link/x', true)).toBe('/etc/x');
      expect(await scope.resolve('/data/etc-link', false)).toBe('/data/etc-link');
    }));

    it('gives up on a symlink loop with ELOOP', () => withTree(async (kernel, root) => {
      await expect(new DirScope(kernel, root).resolve('/loop1/x', true)).rejects.toMatchObject({ code: 'E_LOOP' });
    }));

    it('maps a mounted directory (a volume) to its own host directory', () => withTree(async (kernel, root, outside) => {
      const scope = new DirScope(kernel, root, [{ destination: '/data/vol', source: outside }]);
      expect(scope.hostPath(await scope.resolve('/data/vol/secret', true))).toBe(`${outside}/secret`);
    }));

    it('extracts through planted links without ever writing outside the scope', () => withTree(async (kernel, root, outside) => {
      const scope = new DirScope(kernel, root);
      await extractArchive(kernel, tar(e.symlink('evil', outside), e.file('evil/planted', 'x'), e.file('etc/up/etc/dropped', 'y')), scope, '/');
      expect((await kernel.readdir(outside)).map((d) => d.name)).toEqual(['secret']);
      expect(new TextDecoder().decode(await kernel.readFile(`${root}${outside}/planted`))).toBe('x');
      expect(new TextDecoder().decode(await kernel.readFile(`${root}/etc/dropped`))).toBe('y');
      await expect(extractArchive(kernel, tar(e.file('../escape', 'z')), scope, '/')).rejects.toThrow(/climbs out of the destination/);
    }));
  });
}

scenarios('simulated kernel', async () => new SimKernel({ seed: 11 }));

describeRoot('on the real kernel', () => {
  scenarios('real kernel', linuxKernel);
});
